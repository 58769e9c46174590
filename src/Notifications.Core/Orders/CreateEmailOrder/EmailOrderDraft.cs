namespace Notifications.Core.Orders.CreateEmailOrder;

/// <summary>
/// The order a valid <see cref="CreateEmailOrderCommand"/> describes. Registration stores it; the preview fans it out
/// without storing it, so both see the same recipients, send time and template.
/// </summary>
public static class EmailOrderDraft
{
    /// <summary>The order's recipients, exact duplicates sent once.</summary>
    public static List<Recipient> RecipientsOf(CreateEmailOrderCommand command) =>
        command.Recipients!
            .Select(r => new Recipient(NullIfEmpty(r!.EmailAddress), NullIfEmpty(r.NationalIdentityNumber), NullIfEmpty(r.OrganizationNumber)))
            .DistinctBy(r => r.DeduplicationKey)
            .ToList();

    /// <param name="recipients">From <see cref="RecipientsOf"/>.</param>
    public static NotificationOrder From(CreateEmailOrderCommand command, IReadOnlyList<Recipient> recipients, DateTimeOffset now, string fromAddress) => new()
    {
        Id = Guid.CreateVersion7(now),
        Creator = command.Creator,
        Created = now,
        SendersReference = command.SendersReference,
        RequestedSendTime = command.RequestedSendTime is { } sendTime ? new DateTimeOffset(sendTime.ToUniversalTime()) : now,
        IgnoreReservation = command.IgnoreReservation,
        ResourceId = command.ResourceId,
        ConditionEndpoint = command.ConditionEndpoint is null ? null : new Uri(command.ConditionEndpoint),
        Recipients = recipients,
        EmailTemplate = new EmailTemplate(fromAddress, command.Subject!, command.Body!, command.ContentType),
        ProcessingStatus = OrderProcessingStatus.Registered,
        ProcessingStatusChanged = now,
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
