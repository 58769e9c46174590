namespace Notifications.Persistence.Entities;

/// <summary>
/// A webhook subscription and its delivery cursor (docs/webhooks.md). Written and claimed by plain SQL
/// (<see cref="WebhookSubscriptionStore"/>, <see cref="WebhookQueue"/>); the entity gives EF the table for migrations.
/// </summary>
internal sealed class WebhookSubscriptionRecord
{
    public Guid Id { get; set; }

    public required string Creator { get; set; }

    public required string Url { get; set; }

    /// <summary><c>whsec_</c> + base64; the HMAC key of every delivery's signature.</summary>
    public required string Secret { get; set; }

    public DateTimeOffset Created { get; set; }

    /// <summary>The feed's newest number when the subscription was created: only entries after it are delivered.</summary>
    public long StartAfterSeq { get; set; }

    /// <summary>The cursor: the last entry delivered or given up.</summary>
    public long DeliveredSeq { get; set; }

    /// <summary>Failed attempts of the entry after the cursor.</summary>
    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>The first failed attempt of the entry after the cursor; null while nothing fails.</summary>
    public DateTimeOffset? FailingSince { get; set; }

    public Guid? ClaimToken { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }
}
