namespace Notifications.Core.Common;

/// <summary>The resource does not exist for this caller (another creator's order is reported the same way).</summary>
public sealed class NotFoundException(string message) : Exception(message);
