namespace Notifications.Core.Domain;

/// <summary>Where one email is. Names are the public contract (including the spelling of Failed_SupressedRecipient).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Naming", "CA1707:Identifiers should not contain underscores", Justification = "The names are the API's status strings (Altinn's).")]
public enum EmailNotificationStatus
{
    New,
    Sending,
    Succeeded,
    Delivered,
    Failed,
    Failed_RecipientReserved,
    Failed_RecipientNotIdentified,
    Failed_InvalidEmailFormat,
    Failed_SupressedRecipient,
    Failed_Bounced,
    Failed_FilteredSpam,
    Failed_Quarantined,
    Failed_TTL,
}

public static class EmailNotificationStatusExtensions
{
    public static bool IsSucceeded(this EmailNotificationStatus status) =>
        status is EmailNotificationStatus.Succeeded or EmailNotificationStatus.Delivered;

    public static bool IsFailed(this EmailNotificationStatus status) => status.ToString().StartsWith("Failed", StringComparison.Ordinal);

    /// <summary>
    /// Final statuses never change again. <c>Succeeded</c> is final only for providers that send no delivery reports.
    /// </summary>
    public static bool IsFinal(this EmailNotificationStatus status, bool providerReportsDelivery) =>
        status.IsFailed() || status == EmailNotificationStatus.Delivered
        || (status == EmailNotificationStatus.Succeeded && !providerReportsDelivery);

    /// <summary>Final with no provider: the email is still to be sent, or being sent.</summary>
    public static IReadOnlySet<EmailNotificationStatus> Unsent { get; } =
        Enum.GetValues<EmailNotificationStatus>().Where(s => !s.IsFinal(providerReportsDelivery: false)).ToHashSet();

    /// <summary>Final only when the provider sends no delivery reports; otherwise the email waits for its report.</summary>
    public static IReadOnlySet<EmailNotificationStatus> AwaitingDeliveryReport { get; } =
        Enum.GetValues<EmailNotificationStatus>()
            .Where(s => s.IsFinal(providerReportsDelivery: false) && !s.IsFinal(providerReportsDelivery: true))
            .ToHashSet();

    public static string Description(this EmailNotificationStatus status) => status switch
    {
        EmailNotificationStatus.New => "The email has been created and is waiting to be sent.",
        EmailNotificationStatus.Sending => "The email is being handed to the email provider.",
        EmailNotificationStatus.Succeeded => "The email provider has accepted the email for delivery.",
        EmailNotificationStatus.Delivered => "The email was delivered to the recipient's mail server.",
        EmailNotificationStatus.Failed => "The email could not be sent.",
        EmailNotificationStatus.Failed_RecipientReserved => "The recipient has reserved themselves against digital notifications, so no email was sent.",
        EmailNotificationStatus.Failed_RecipientNotIdentified => "No email address was found for the recipient, so no email was sent.",
        EmailNotificationStatus.Failed_InvalidEmailFormat => "The email provider rejected the recipient's address as malformed.",
        EmailNotificationStatus.Failed_SupressedRecipient => "The email provider suppressed the recipient (earlier bounces or complaints).",
        EmailNotificationStatus.Failed_Bounced => "The recipient's mail server bounced the email.",
        EmailNotificationStatus.Failed_FilteredSpam => "The recipient's mail server filtered the email as spam.",
        EmailNotificationStatus.Failed_Quarantined => "The email was quarantined by the recipient's mail server.",
        EmailNotificationStatus.Failed_TTL => "The email was not sent or confirmed within 48 hours of its requested send time.",
        _ => "The email has an unknown status.",
    };
}
