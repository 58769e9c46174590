using System.Text.Json.Serialization;

namespace Notifications.Api.Contracts;

/// <summary>An order as registered.</summary>
public class NotificationOrderBaseExt
{
    /// <summary>The base fields, set from the order in one place for both views of it ([JsonRequired]: always present).</summary>
    protected NotificationOrderBaseExt(NotificationOrder order)
    {
        Id = order.Id;
        Creator = order.Creator;
        Created = order.Created.UtcDateTime;
        SendersReference = order.SendersReference;
        RequestedSendTime = order.RequestedSendTime.UtcDateTime;
        IgnoreReservation = order.IgnoreReservation;
        ResourceId = order.ResourceId;
        ConditionEndpoint = order.ConditionEndpoint?.ToString();
    }

    [JsonPropertyOrder(-9)]
    [JsonRequired]
    public Guid Id { get; init; }

    [JsonPropertyOrder(-8)]
    [JsonRequired]
    public string Creator { get; init; }

    [JsonPropertyOrder(-7)]
    [JsonRequired]
    public DateTime Created { get; init; }

    [JsonPropertyOrder(-6)]
    public string? SendersReference { get; init; }

    [JsonPropertyOrder(-5)]
    [JsonRequired]
    public DateTime RequestedSendTime { get; init; }

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
public sealed class NotificationOrderExt(NotificationOrder order) : NotificationOrderBaseExt(order)
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
public sealed class NotificationOrderWithStatusExt(NotificationOrder order) : NotificationOrderBaseExt(order)
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
