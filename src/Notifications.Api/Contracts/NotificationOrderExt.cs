using System.Text.Json.Serialization;

namespace Notifications.Api.Contracts;

/// <summary>An order as registered.</summary>
public class NotificationOrderBaseExt
{
    [JsonPropertyOrder(-9)]
    public required Guid Id { get; init; }

    [JsonPropertyOrder(-8)]
    public required string Creator { get; init; }

    [JsonPropertyOrder(-7)]
    public required DateTime Created { get; init; }

    [JsonPropertyOrder(-6)]
    public string? SendersReference { get; init; }

    [JsonPropertyOrder(-5)]
    public required DateTime RequestedSendTime { get; init; }

    [JsonPropertyOrder(-4)]
    public string NotificationChannel { get; init; } = "Email";

    [JsonPropertyOrder(-3)]
    public bool IgnoreReservation { get; init; }

    [JsonPropertyOrder(-2)]
    public string? ResourceId { get; init; }

    [JsonPropertyOrder(-1)]
    public string? ConditionEndpoint { get; init; }
}

/// <summary>An order as registered, with its recipients, template and links.</summary>
public sealed class NotificationOrderExt : NotificationOrderBaseExt
{
    public required IReadOnlyList<RecipientExt> Recipients { get; init; }

    public required EmailTemplateExt EmailTemplate { get; init; }

    public required OrderLinksExt Links { get; init; }
}

public sealed record EmailTemplateExt(string FromAddress, string Subject, string Body, EmailContentTypeExt ContentType);

public sealed record OrderLinksExt(string Self, string Status);

/// <summary>Orders found by senders reference.</summary>
public sealed record NotificationOrderListExt(int Count, IReadOnlyList<NotificationOrderExt> Orders);

/// <summary>An order's base fields with its processing status and a summary of its notifications.</summary>
public sealed class NotificationOrderWithStatusExt : NotificationOrderBaseExt
{
    public required StatusExt ProcessingStatus { get; init; }

    /// <summary>Present once the order has generated notifications.</summary>
    public NotificationsStatusSummaryExt? NotificationsStatusSummary { get; init; }
}

/// <param name="Status">The status name.</param>
/// <param name="Description">One sentence explaining the status.</param>
/// <param name="LastUpdate">When the status last changed (UTC).</param>
public sealed record StatusExt(string Status, string Description, DateTime LastUpdate);

public sealed record NotificationsStatusSummaryExt(EmailNotificationStatusSummaryExt? Email);

public sealed record EmailNotificationStatusSummaryExt(SelfLinkExt Links, int Generated, int Succeeded);

public sealed record SelfLinkExt(string Self);
