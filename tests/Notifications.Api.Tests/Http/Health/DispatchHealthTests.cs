using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Notifications.Api.Health;
using Notifications.Core.Dispatch;
using Notifications.Persistence.Availability;
using Npgsql;
using Quartz;

namespace Notifications.Api.Tests.Http.Health;

public sealed class DispatchHealthTests : PipelineTestBase
{
    [Test]
    public async Task Ready_FollowsTheDispatchScheduler()
    {
        Assert.That((await Client.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var scheduler = await Factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Standby();
        try
        {
            using var response = await Client.GetAsync("/health/ready");

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Unhealthy"));
        }
        finally
        {
            await scheduler.Start();
        }

        Assert.That((await Client.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void DispatchCheck_WithoutAJobRunForLongerThanThreePollIntervals_IsUnhealthy()
    {
        var now = DateTimeOffset.UtcNow;
        var maxSilence = DispatchHealthCheck.MaxSilence(new DispatchOptions { PollIntervalSeconds = 20 });

        Assert.That(maxSilence, Is.EqualTo(TimeSpan.FromSeconds(60)));
        Assert.That(DispatchHealthCheck.Evaluate(true, now.AddSeconds(-59), now, maxSilence).Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(DispatchHealthCheck.Evaluate(true, now.AddSeconds(-61), now, maxSilence).Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(DispatchHealthCheck.Evaluate(false, now, now, maxSilence).Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(DispatchHealthCheck.MaxSilence(new DispatchOptions { PollIntervalSeconds = 1 }), Is.EqualTo(DispatchHealthCheck.MinimumSilence));
    }

    [Test]
    public async Task DatabaseCheck_AgainstAClosedPort_IsUnhealthy()
    {
        var options = new DbContextOptionsBuilder<Persistence.NotificationsDbContext>()
            .UseNpgsql(new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { Port = 1, Timeout = 2 }.ConnectionString)
            .Options;
        await using var db = new Persistence.NotificationsDbContext(options);

        var readiness = new DatabaseReadiness();
        readiness.MarkMigrated();

        var result = await new DatabaseHealthCheck(db, readiness).CheckHealthAsync(new HealthCheckContext());

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Unhealthy));
    }
}
