namespace Notifications.Core.Dispatch.SendEmails;

/// <summary>What a provider's answer means for the email: a pure mapping from <see cref="SendOutcome"/> to the result stored.</summary>
public static class SendResults
{
    /// <param name="reportsDelivery">Whether the provider reports later (ACS): then an accepted email stays Sending.</param>
    /// <param name="throttledUntil">When the provider's pause ends, for a throttled email.</param>
    public static SendResult For(EmailClaim claim, SendOutcome outcome, bool reportsDelivery, DateTimeOffset? throttledUntil, DateTimeOffset now) =>
        outcome.Kind switch
        {
            SendOutcomeKind.Accepted when reportsDelivery => new SendResult(claim, EmailNotificationStatus.Sending, outcome.OperationId, now + Backoff.FirstStatusPoll),
            SendOutcomeKind.Accepted => new SendResult(claim, EmailNotificationStatus.Succeeded, outcome.OperationId),
            SendOutcomeKind.Throttled => new SendResult(claim, EmailNotificationStatus.New, NextAttemptAt: throttledUntil),
            SendOutcomeKind.Transient => new SendResult(
                claim, EmailNotificationStatus.New, NextAttemptAt: now + Backoff.TransientSend(claim.Attempts)),
            _ => new SendResult(claim, outcome.FailureStatus),
        };
}
