using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Notifications.Core.Statistics;

namespace Notifications.Core.Tests.Statistics;

/// <summary>What counts as delivered and as final, by the domain's own rules, with and without delivery reports.</summary>
public sealed class StatisticsFiguresTests
{
    private static StatisticsFigures Figures(params (EmailNotificationStatus Status, long Count)[] emails)
    {
        var figures = new StatisticsFigures();
        foreach (var (status, count) in emails)
        {
            figures.Add(new StatisticsCount(DateTimeOffset.UnixEpoch, StatisticsMetric.Emails, (int)status, count));
        }

        return figures;
    }

    private static readonly (EmailNotificationStatus, long)[] Mixed =
    [
        (EmailNotificationStatus.New, 5), (EmailNotificationStatus.Sending, 5), (EmailNotificationStatus.Succeeded, 6),
        (EmailNotificationStatus.Delivered, 2), (EmailNotificationStatus.Failed_Bounced, 1), (EmailNotificationStatus.Failed_RecipientReserved, 1),
    ];

    [Test]
    public void DeliveryRate_WithoutDeliveryReports_CountsSucceededAsDelivered() =>
        Assert.That(Figures(Mixed).DeliveryRate(providerReportsDelivery: false), Is.EqualTo(0.8)); // (6 + 2) / (6 + 2 + 1 + 1)

    [Test]
    public void DeliveryRate_WithDeliveryReports_LeavesSucceededOut_AsItAwaitsItsReport() =>
        Assert.That(Figures(Mixed).DeliveryRate(providerReportsDelivery: true), Is.EqualTo(0.5)); // 2 / (2 + 1 + 1)

    [Test]
    public void DeliveryRate_WithNothingFinal_IsNull() =>
        Assert.That(Figures((EmailNotificationStatus.New, 3)).DeliveryRate(providerReportsDelivery: false), Is.Null);

    [Test]
    public void Add_SumsOrdersEmailsAndDelays_OfTwoBuckets()
    {
        var day = Figures((EmailNotificationStatus.Delivered, 2));
        day.Add(new StatisticsCount(DateTimeOffset.UnixEpoch, StatisticsMetric.Orders, 0, 1));
        day.Add(new StatisticsCount(DateTimeOffset.UnixEpoch, StatisticsMetric.SendDelay, 41, 3));
        var totals = Figures((EmailNotificationStatus.Delivered, 1));

        totals.Add(day);

        Assert.That((totals.Orders, totals.Emails[(int)EmailNotificationStatus.Delivered], totals.Delays[41]), Is.EqualTo((1L, 3L, 3L)));
        Assert.That(totals.SendDelayMs(0.5), Is.EqualTo(1117));
    }
}
