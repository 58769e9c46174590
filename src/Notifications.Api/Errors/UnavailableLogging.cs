namespace Notifications.Api.Errors;

/// <summary>
/// An expected 503 (the database, the contact registry or the email provider is away) is one warning with the
/// exception's type and message, never its stack: an outage makes one per request, and the cause is in the message.
/// Unexpected exceptions are not handled here and stay errors with their stack (the exception handler middleware's).
/// </summary>
public static class UnavailableLogging
{
    public static void LogUnavailable(this ILogger logger, string what, Exception exception) =>
        logger.LogWarning("{What:l} is unavailable ({Error}: {Message})", what, exception.GetType().Name, exception.Message);
}
