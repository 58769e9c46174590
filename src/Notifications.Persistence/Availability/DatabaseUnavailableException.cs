namespace Notifications.Persistence.Availability;

/// <summary>The database cannot serve the request now (down, full, or not migrated yet); retrying later can succeed.</summary>
public sealed class DatabaseUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
