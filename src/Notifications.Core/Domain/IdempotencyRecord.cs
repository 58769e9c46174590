namespace Notifications.Core.Domain;

/// <summary>Remembers which order an <c>Idempotency-Key</c> created, and a hash of the request that created it.</summary>
public sealed record IdempotencyRecord(string Creator, string Key, string RequestHash, Guid OrderId, DateTimeOffset Created);
