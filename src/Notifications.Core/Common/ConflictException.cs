namespace Notifications.Core.Common;

/// <summary>The request conflicts with the resource's current state.</summary>
public sealed class ConflictException(string message) : Exception(message);
