using System.Diagnostics;

namespace Notifications.Api.Tests.Http;

/// <summary>A host with dispatch switched on, polling fast, writing emails to its own pickup directory.</summary>
public abstract class PipelineTestBase : ApiTestBase
{
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
