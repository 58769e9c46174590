using System.Net;

namespace Notifications.Api.Tests.Http.Metrics;

public sealed class MetricsTests : PipelineTestBase
{
    [Test]
    public async Task Metrics_AfterAnOrderIsSent_ExposeTheServiceInstrumentsInPrometheusFormat()
    {
        var orderId = await CreateOrderAsync(new
        {
            subject = "s",
            body = "b",
            recipients = new object[] { new { emailAddress = "metrics@example.com" }, new { nationalIdentityNumber = TestContacts.ReservedNin } },
        });
        await WaitForOrderStatusAsync(orderId, "Completed");

        var text = "";
        // The exporter caches a scrape briefly; the counters may land just after the order completes.
        await WaitUntilAsync(async () =>
        {
            using var response = await Client.GetAsync("/metrics");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "anonymous scrape");
            text = await response.Content.ReadAsStringAsync();
            return text.Contains("notifications_emails_final_total{otel_scope_name=\"Notifications\",status=\"Succeeded\"}");
        }, 10, () => text);

        Assert.That(text, Does.Contain("# TYPE notifications_orders_accepted_total counter"));
        Assert.That(text, Does.Contain("notifications_orders_accepted_total{otel_scope_name=\"Notifications\",creator=\"ttd\"}"));
        Assert.That(text, Does.Contain("notifications_emails_final_total{otel_scope_name=\"Notifications\",status=\"Failed_RecipientReserved\"}"));
        Assert.That(text, Does.Contain("# TYPE notifications_emails_send_delay_seconds histogram"));
        Assert.That(text, Does.Contain("notifications_emails_send_delay_seconds_bucket{otel_scope_name=\"Notifications\",le=\"1\"}"));
        Assert.That(text, Does.Contain("notifications_provider_errors_total{otel_scope_name=\"Notifications\",kind=\"transient\"}"));
        Assert.That(text, Does.Contain("# TYPE notifications_emails_backlog gauge"));
        Assert.That(text, Does.Contain("notifications_emails_backlog{otel_scope_name=\"Notifications\",status=\"New\"}"));
        Assert.That(text, Does.Contain("http_server_request_duration_seconds"), "ASP.NET Core's own meters");
        Assert.That(text, Does.Not.Contain("metrics@example.com").And.Not.Contain(TestContacts.ReservedNin));
    }
}
