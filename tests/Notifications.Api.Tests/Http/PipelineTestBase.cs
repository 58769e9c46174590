using MimeKit;

namespace Notifications.Api.Tests.Http;

/// <summary>A host with dispatch switched on, polling fast, writing emails to its own pickup directory.</summary>
public abstract class PipelineTestBase : ApiTestBase
{
    /// <summary>Where <see cref="SendMarkerOrderAsync"/>'s email goes.</summary>
    public const string MarkerAddress = "marker@example.com";

    protected string PickupDirectory { get; } = Path.Combine(Path.GetTempPath(), $"notifications-pickup-{Guid.NewGuid():N}");

    protected override IDictionary<string, string?> Settings => PipelineSettings(PickupDirectory);

    public static Dictionary<string, string?> PipelineSettings(string pickupDirectory) => new()
    {
        ["Dispatch:Enabled"] = "true",
        ["Dispatch:PollIntervalSeconds"] = "1",
        ["Dispatch:RecoverIntervalSeconds"] = "1",
        ["Dispatch:ExpireIntervalSeconds"] = "1",
        ["Dispatch:LeaseSeconds"] = "5",
        ["Email:Provider"] = "Pickup",
        ["Email:PickupDirectory"] = pickupDirectory,
        ["SendCondition:AllowPrivateNetworks"] = "true",
    };

    [SetUp]
    public void EmptyPickupDirectory()
    {
        if (Directory.Exists(PickupDirectory))
        {
            Directory.Delete(PickupDirectory, recursive: true);
        }
    }

    protected IReadOnlyList<string> PickedUpFiles() =>
        Directory.Exists(PickupDirectory) ? Directory.GetFiles(PickupDirectory, "*.eml") : [];

    /// <summary>The To address of each email in the pickup directory.</summary>
    protected async Task<IReadOnlyList<string>> PickedUpRecipientsAsync() =>
        (await Task.WhenAll(PickedUpFiles().Select(f => MimeMessage.LoadAsync(f)))).Select(m => m.To.Mailboxes.Single().Address).ToList();

    /// <summary>
    /// Registers an order due now (to <see cref="MarkerAddress"/>) and waits until it is completed. Dispatch has then had
    /// its passes over everything registered before it: only now may a test assert that something was not sent.
    /// </summary>
    protected async Task<Guid> SendMarkerOrderAsync(int timeoutSeconds = 20)
    {
        var markerId = await CreateOrderAsync(EmailOrder(MarkerAddress, sendersReference: "marker"));
        await WaitForOrderStatusAsync(markerId, "Completed", timeoutSeconds);
        return markerId;
    }

    protected async Task<Guid> CreateOrderAsync(object body, string org = "ttd")
    {
        var response = await PostOrderAsync(body, org);
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await JsonOf(response))["orderId"]!.GetValue<Guid>();
    }

    protected async Task WaitForOrderStatusAsync(Guid orderId, string status, int timeoutSeconds = 20)
    {
        var last = "";
        await WaitUntilAsync(async () => (last = await OrderStatusAsync(orderId)) == status, timeoutSeconds, () => $"order status {last}, wanted {status}");
    }
}
