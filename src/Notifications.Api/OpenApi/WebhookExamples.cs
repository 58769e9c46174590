namespace Notifications.Api.OpenApi;

/// <summary>Examples for the webhook subscriptions, as README.md's webhook section shows them.</summary>
internal static class WebhookExamples
{
    public const string PostWebhook = "PostWebhook";
    public const string GetWebhooks = "GetWebhooks";
    public const string GetWebhook = "GetWebhook";

    public static readonly Dictionary<string, (string Summary, string Json)> Requests = new()
    {
        ["hook"] = ("Subscribe a URL to the caller's status feed", """
            { "url": "https://hooks.example.com/notifications" }
            """),
    };

    public const string Created = """
        {
          "id": "0194b7a1-8d1c-7a51-b1f2-1d7f3c9a2e50",
          "url": "https://hooks.example.com/notifications",
          "secret": "whsec_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=",
          "created": "2026-11-30T08:00:00Z"
        }
        """;

    public const string Subscription = """
        {
          "id": "0194b7a1-8d1c-7a51-b1f2-1d7f3c9a2e50",
          "url": "https://hooks.example.com/notifications",
          "created": "2026-11-30T08:00:00Z"
        }
        """;

    public const string Subscriptions = $"[{Subscription}]";
}
