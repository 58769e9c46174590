namespace Notifications.Core.Ports;

public enum SendConditionVerdict
{
    /// <summary>The endpoint said <c>{"sendNotification": true}</c>.</summary>
    Send,

    /// <summary>The endpoint said <c>{"sendNotification": false}</c>.</summary>
    DoNotSend,

    /// <summary>Error, timeout, non-2xx or an unreadable answer: worth asking again later.</summary>
    Retryable,

    /// <summary>The address may not be asked at all (SSRF guard): asking again will not help.</summary>
    Refused,
}

public sealed record SendConditionResult(SendConditionVerdict Verdict, string? Reason = null);

/// <summary>Asks an order's condition endpoint whether to send.</summary>
public interface ISendConditionClient
{
    Task<SendConditionResult> CheckAsync(Uri endpoint, CancellationToken cancellationToken);
}
