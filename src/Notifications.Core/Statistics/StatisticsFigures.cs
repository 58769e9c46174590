namespace Notifications.Core.Statistics;

/// <summary>
/// The figures of one bucket (or of the whole window): orders, emails by status now, and the send-delay histogram,
/// added up from the stored counts. <see cref="DeliveryRate"/> and the percentiles are derived here, one place.
/// </summary>
public sealed class StatisticsFigures
{
    private static readonly int StatusCount = Enum.GetValues<EmailNotificationStatus>().Length;

    private readonly long[] _emails = new long[StatusCount];
    private readonly long[] _delays = new long[DelayHistogram.MaxBucket + 1];

    public long Orders { get; private set; }

    /// <summary>Emails by their status now, indexed by <see cref="EmailNotificationStatus"/>.</summary>
    public IReadOnlyList<long> Emails => _emails;

    /// <summary>Accepted emails by send-delay bucket (<see cref="DelayHistogram"/>).</summary>
    public IReadOnlyList<long> Delays => _delays;

    public void Add(StatisticsCount count)
    {
        switch (count.Metric)
        {
            case StatisticsMetric.Orders:
                Orders += count.Count;
                break;
            case StatisticsMetric.Emails when count.Key >= 0 && count.Key < StatusCount:
                _emails[count.Key] += count.Count;
                break;
            case StatisticsMetric.SendDelay when count.Key >= 0 && count.Key <= DelayHistogram.MaxBucket:
                _delays[count.Key] += count.Count;
                break;
        }
    }

    public void Add(StatisticsFigures other)
    {
        Orders += other.Orders;
        for (var i = 0; i < _emails.Length; i++)
        {
            _emails[i] += other._emails[i];
        }

        for (var i = 0; i < _delays.Length; i++)
        {
            _delays[i] += other._delays[i];
        }
    }

    /// <summary>
    /// Delivered emails over final emails, by the domain's rules (<see cref="EmailNotificationStatusExtensions.IsFinal"/>,
    /// <see cref="EmailNotificationStatusExtensions.IsSucceeded"/>): final = every Failed_* status and Delivered, and
    /// Succeeded when the provider sends no delivery reports; delivered = the final ones that succeeded. Emails still
    /// New, Sending, or (with delivery reports) Succeeded are in neither. Null when no email is final.
    /// </summary>
    public double? DeliveryRate(bool providerReportsDelivery)
    {
        long final = 0, delivered = 0;
        foreach (var status in Enum.GetValues<EmailNotificationStatus>())
        {
            if (status.IsFinal(providerReportsDelivery))
            {
                final += _emails[(int)status];
                delivered += status.IsSucceeded() ? _emails[(int)status] : 0;
            }
        }

        return final == 0 ? null : (double)delivered / final;
    }

    public long? SendDelayMs(double quantile) => DelayHistogram.Percentile(_delays, quantile);
}
