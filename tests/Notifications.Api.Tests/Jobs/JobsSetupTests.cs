using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Api.Jobs;
using Quartz;

namespace Notifications.Api.Tests.Jobs;

/// <summary>Which jobs a host schedules, from its configuration alone.</summary>
public sealed class JobsSetupTests
{
    [TestCase("AzureCommunicationServices")]
    [TestCase("azurecommunicationservices")]
    [TestCase("AZURECOMMUNICATIONSERVICES")]
    public async Task AddJobs_WithAcsInAnyCase_SchedulesTheStatusPoll(string provider)
    {
        Assert.That(await HasJobAsync(provider, DispatchJobKeys.PollSendStatus), Is.True);
    }

    [TestCase(null)]
    [TestCase("Pickup")]
    [TestCase("smtp")]
    public async Task AddJobs_WithAProviderWithoutDeliveryReports_DoesNotScheduleTheStatusPoll(string? provider)
    {
        Assert.That(await HasJobAsync(provider, DispatchJobKeys.PollSendStatus), Is.False);
    }

    [Test]
    public async Task AddJobs_WithAnyProvider_SchedulesSending()
    {
        Assert.That(await HasJobAsync("azurecommunicationservices", DispatchJobKeys.SendEmails), Is.True);
    }

    /// <summary>
    /// Reads the jobs from Quartz's options rather than a built scheduler: a scheduler would point Quartz's static
    /// logging at this test's soon-disposed logger factory, under the hosts other tests run.
    /// </summary>
    private static async Task<bool> HasJobAsync(string? provider, JobKey key)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Email:Provider"] = provider })
            .Build();
        var services = new ServiceCollection();
        services.AddJobs(configuration);
        await using var serviceProvider = services.BuildServiceProvider();

        return serviceProvider.GetRequiredService<IOptions<QuartzOptions>>().Value.JobDetails.Any(job => job.Key.Equals(key));
    }
}
