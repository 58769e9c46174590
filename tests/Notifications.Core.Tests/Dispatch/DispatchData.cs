using Notifications.Core.Domain;
using Notifications.Core.Ports;

namespace Notifications.Core.Tests.Dispatch;

/// <summary>Orders, claims and contacts for the dispatch tests; each test states only what it is about.</summary>
internal static class DispatchData
{
    public const string ReachableNin = "01017000001";
    public const string ReservedNin = "01017000002";
    public const string NinWithoutEmail = "01017000003";
    public const string UnknownNin = "01017000009";
    public const string ReachableOrg = "100000001";
    public const string OrgWithoutEmails = "100000002";
    public const string UnknownOrg = "100000009";

    public static readonly EmailTemplate Template = new("noreply@notifications.local", "Subject", "Body", EmailContentType.Plain);

    /// <summary>What the contact registry knows; numbers not listed here are unknown to it.</summary>
    public static readonly PersonContact[] Persons =
    [
        new(ReachableNin, "Ola Nordmann", "ola@example.com", IsReserved: false),
        new(ReservedNin, "Kari Reservert", "kari@example.com", IsReserved: true),
        new(NinWithoutEmail, "Per Uten", null, IsReserved: false),
    ];

    public static readonly OrganizationContact[] Organizations =
    [
        new(ReachableOrg, "Reachable AS", ["post@reachable.no", "faktura@reachable.no"]),
        new(OrgWithoutEmails, "Silent AS", []),
    ];

    public static Recipient Email(string address) => new(EmailAddress: address);

    public static Recipient Person(string nin) => new(NationalIdentityNumber: nin);

    public static Recipient Organization(string number) => new(OrganizationNumber: number);

    public static NotificationOrder Order(
        IReadOnlyList<Recipient> recipients,
        Guid? id = null,
        bool ignoreReservation = false,
        Uri? conditionEndpoint = null,
        DateTimeOffset? requestedSendTime = null) => new()
        {
            Id = id ?? Guid.NewGuid(),
            Creator = "ttd",
            Created = FixedTimeProvider.DefaultNow.AddHours(-1),
            RequestedSendTime = requestedSendTime ?? FixedTimeProvider.DefaultNow,
            IgnoreReservation = ignoreReservation,
            ConditionEndpoint = conditionEndpoint,
            Recipients = recipients,
            EmailTemplate = Template,
            ProcessingStatus = OrderProcessingStatus.Processing,
        };

    public static OrderClaim Claim(NotificationOrder order, int conditionAttempts = 0, int lookupAttempts = 0) =>
        new(order, Guid.NewGuid(), conditionAttempts, lookupAttempts);

    public static EmailClaim EmailClaim(
        Guid? orderId = null,
        int attempts = 1,
        string address = "user@example.com",
        string? recipientName = null,
        string? organizationNumber = null,
        EmailTemplate? template = null) =>
        new(Guid.NewGuid(), orderId ?? Guid.NewGuid(), Guid.NewGuid(), attempts, address, recipientName, organizationNumber, template ?? Template);
}
