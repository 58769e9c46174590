using Notifications.Core.Domain;

namespace Notifications.Persistence.Tests;

/// <summary>The status lists SQL uses are Core's sets, written out.</summary>
public sealed class StatusSqlTests
{
    [Test]
    public void Unsent_IsTheDomainsUnsentSet()
    {
        Assert.That(Parse(StatusSql.Unsent), Is.EquivalentTo(EmailNotificationStatusExtensions.Unsent));
    }

    [Test]
    public void AwaitingDeliveryReport_IsTheDomainsAwaitingDeliveryReportSet()
    {
        Assert.That(Parse(StatusSql.AwaitingDeliveryReport), Is.EquivalentTo(EmailNotificationStatusExtensions.AwaitingDeliveryReport));
    }

    [Test]
    public void DomainSets_AreTheStatusesSpecFourNames()
    {
        // Written down, not derived: the contract (README.md, statuses) says which statuses are final.
        Assert.That(EmailNotificationStatusExtensions.Unsent, Is.EquivalentTo(new[] { EmailNotificationStatus.New, EmailNotificationStatus.Sending }));
        Assert.That(EmailNotificationStatusExtensions.AwaitingDeliveryReport, Is.EquivalentTo(new[] { EmailNotificationStatus.Succeeded }));
    }

    [TestCase(StatusSql.New, EmailNotificationStatus.New)]
    [TestCase(StatusSql.Sending, EmailNotificationStatus.Sending)]
    [TestCase(StatusSql.Expired, EmailNotificationStatus.Failed_TTL)]
    public void SingleStatusLiterals_NameTheirStatus(string sql, EmailNotificationStatus expected)
    {
        Assert.That(Parse(sql), Is.EqualTo(new[] { expected }));
    }

    /// <summary>Strict: every item a single-quoted enum name, comma-separated.</summary>
    private static List<EmailNotificationStatus> Parse(string sql) =>
        sql.Split(',').Select(item =>
        {
            var trimmed = item.Trim();
            Assert.That(trimmed, Does.Match("^'[A-Za-z_]+'$"), $"'{trimmed}' is not a quoted status");
            return Enum.Parse<EmailNotificationStatus>(trimmed.Trim('\''));
        }).ToList();
}
