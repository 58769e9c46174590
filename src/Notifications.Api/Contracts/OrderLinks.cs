namespace Notifications.Api.Contracts;

/// <summary>Builds absolute links to orders and webhooks: <c>Api:PublicBaseUrl</c> when set, else the request's scheme and host.</summary>
public sealed class OrderLinks(string baseUrl)
{
    public const string OrdersPath = "/notifications/api/v1/orders";

    public const string FutureOrdersPath = "/notifications/api/v1/future/orders";

    public const string WebhooksPath = "/notifications/api/v1/future/webhooks";

    public static OrderLinks For(HttpRequest request, string? publicBaseUrl) =>
        new(string.IsNullOrWhiteSpace(publicBaseUrl) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : publicBaseUrl.TrimEnd('/'));

    public string Order(Guid id) => $"{baseUrl}{OrdersPath}/{id}";

    /// <summary>An order chain of the future API (<c>GET /future/orders/{id}</c>).</summary>
    public string FutureOrder(Guid id) => $"{baseUrl}{FutureOrdersPath}/{id}";

    /// <summary>A webhook subscription (<c>GET /future/webhooks/{id}</c>).</summary>
    public string Webhook(Guid id) => $"{baseUrl}{WebhooksPath}/{id}";

    public string Status(Guid id) => $"{baseUrl}{OrdersPath}/{id}/status";

    public string EmailNotifications(Guid id) => $"{baseUrl}{OrdersPath}/{id}/notifications/email";
}
