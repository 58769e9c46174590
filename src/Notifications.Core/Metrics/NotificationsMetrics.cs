using System.Diagnostics.Metrics;

namespace Notifications.Core.Metrics;

/// <summary>
/// The service's own instruments (System.Diagnostics.Metrics, so Core needs no exporter; the host publishes them at
/// <c>/metrics</c>). Tags hold statuses, kinds and creator organisations only — never recipients.
/// </summary>
public sealed class NotificationsMetrics
{
    public const string MeterName = "Notifications";

    /// <summary>The backlog is read from the database at most this often, however often it is scraped.</summary>
    public static readonly TimeSpan BacklogCacheTime = TimeSpan.FromSeconds(5);

    private static readonly string[] ErrorKinds = ["transient", "throttled", "failed"];

    private static readonly double[] DelayBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400];

    private readonly Counter<long> _ordersAccepted;
    private readonly Counter<long> _emailsFinal;
    private readonly Histogram<double> _sendDelay;
    private readonly Counter<long> _providerErrors;
    private readonly Counter<long> _webhookDeliveries;
    private readonly IBacklogReader? _backlogReader;
    private readonly IWebhookLagReader? _lagReader;
    private readonly TimeProvider _clock;
    private readonly Lock _backlogLock = new();
    private (EmailBacklog Value, DateTimeOffset ReadAt)? _backlog;
    private (IReadOnlyList<(Guid Subscription, string Creator, long Lag)> Value, DateTimeOffset ReadAt)? _lag;

    public NotificationsMetrics(IMeterFactory meters, TimeProvider clock, IBacklogReader? backlogReader = null, IWebhookLagReader? lagReader = null)
    {
        _lagReader = lagReader;
        _clock = clock;
        _backlogReader = backlogReader;
        var meter = meters.Create(MeterName);
        _ordersAccepted = meter.CreateCounter<long>("notifications.orders.accepted", "{order}", "Orders registered (not replays), by creator organisation.");
        _emailsFinal = meter.CreateCounter<long>("notifications.emails.final", "{email}", "Emails that reached a final status, by status.");
        _sendDelay = meter.CreateHistogram("notifications.emails.send_delay", "s", "From an email's requested send time to the provider accepting it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DelayBuckets });
        _providerErrors = meter.CreateCounter<long>("notifications.provider.errors", "{error}", "Email provider calls that did not succeed, by kind: transient, throttled, failed.");
        // Every error kind exists from the start at 0, so rate() and alerts work before the first error.
        foreach (var kind in ErrorKinds)
        {
            _providerErrors.Add(0, new KeyValuePair<string, object?>("kind", kind));
        }

        _webhookDeliveries = meter.CreateCounter<long>(
            "notifications.webhook.deliveries", "{delivery}", "Webhook POST attempts by outcome: delivered, failed (retried later), given_up.");
        foreach (var outcome in Enum.GetValues<WebhookOutcome>())
        {
            _webhookDeliveries.Add(0, new KeyValuePair<string, object?>("outcome", OutcomeName(outcome)));
        }

        meter.CreateObservableGauge(
            "notifications.webhook.lag", ObserveWebhookLag, "{entry}", "Status feed entries not yet delivered, by subscription and creator.");
        meter.CreateObservableGauge("notifications.emails.backlog", ObserveBacklog, "{email}", "Emails not yet final, by status: New (waiting) and Sending (with the provider).");
    }

    public void OrderAccepted(string creator) => _ordersAccepted.Add(1, new KeyValuePair<string, object?>("creator", creator));

    public void EmailsFinal(EmailNotificationStatus status, long count = 1)
    {
        if (count > 0)
        {
            _emailsFinal.Add(count, new KeyValuePair<string, object?>("status", status.ToString()));
        }
    }

    /// <summary>Records what the provider said about one email.</summary>
    public void SendOutcome(SendOutcome outcome, DateTimeOffset? requestedSendTime, bool providerReportsDelivery)
    {
        switch (outcome.Kind)
        {
            case SendOutcomeKind.Accepted:
                if (requestedSendTime is { } due)
                {
                    _sendDelay.Record(Math.Max(0, (_clock.GetUtcNow() - due).TotalSeconds));
                }

                if (!providerReportsDelivery)
                {
                    EmailsFinal(EmailNotificationStatus.Succeeded);
                }

                break;
            case SendOutcomeKind.Failed:
                EmailsFinal(outcome.FailureStatus);
                ProviderError("failed");
                break;
            case SendOutcomeKind.Transient:
                ProviderError("transient");
                break;
            case SendOutcomeKind.Throttled:
                ProviderError("throttled");
                break;
        }
    }

    public void WebhookDelivery(WebhookOutcome outcome) =>
        _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", OutcomeName(outcome)));

    private static string OutcomeName(WebhookOutcome outcome) => outcome switch
    {
        WebhookOutcome.Delivered => "delivered",
        WebhookOutcome.Failed => "failed",
        _ => "given_up",
    };

    private IEnumerable<Measurement<long>> ObserveWebhookLag()
    {
        if (_lagReader is null)
        {
            return [];
        }

        lock (_backlogLock)
        {
            var now = _clock.GetUtcNow();
            if (_lag is not { } cached || now - cached.ReadAt >= BacklogCacheTime)
            {
                try
                {
                    _lag = (_lagReader.ReadLag(), now);
                }
                catch (Exception) when (_lag is not null)
                {
                    // As for the backlog: the last known lag while the database is away.
                }
                catch (Exception)
                {
                    return [];
                }
            }

            return _lag!.Value.Value.Select(l => new Measurement<long>(
                l.Lag, new KeyValuePair<string, object?>("subscription", l.Subscription.ToString()), new KeyValuePair<string, object?>("creator", l.Creator))).ToList();
        }
    }

    private void ProviderError(string kind) => _providerErrors.Add(1, new KeyValuePair<string, object?>("kind", kind));

    private IEnumerable<Measurement<long>> ObserveBacklog()
    {
        if (_backlogReader is null)
        {
            return [];
        }

        EmailBacklog backlog;
        lock (_backlogLock)
        {
            var now = _clock.GetUtcNow();
            if (_backlog is not { } cached || now - cached.ReadAt >= BacklogCacheTime)
            {
                try
                {
                    _backlog = (_backlogReader.ReadBacklog(), now);
                }
                catch (Exception) when (_backlog is not null)
                {
                    // The database is away: report the last known backlog; readiness reports the outage.
                }
                catch (Exception)
                {
                    return [];
                }
            }

            backlog = _backlog!.Value.Value;
        }

        return
        [
            new Measurement<long>(backlog.New, new KeyValuePair<string, object?>("status", nameof(EmailNotificationStatus.New))),
            new Measurement<long>(backlog.Sending, new KeyValuePair<string, object?>("status", nameof(EmailNotificationStatus.Sending))),
        ];
    }
}

/// <summary>What became of one webhook POST (<c>notifications.webhook.deliveries</c>' outcome tag).</summary>
public enum WebhookOutcome
{
    Delivered,
    Failed,
    GivenUp,
}
