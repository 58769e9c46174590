using System.Net.Sockets;
using Notifications.Integrations.SendCondition;

namespace Notifications.Integrations.Webhooks;

/// <summary>
/// Subscriber URLs get the send condition's SSRF rules: https only and a host that is, or resolves only to, public
/// addresses; <c>SendCondition:AllowPrivateNetworks</c> also allows http and private addresses. The sender vets every
/// connection again, so a host that later resolves elsewhere is still refused.
/// </summary>
public sealed class WebhookUrlGuard(IOptions<SendConditionOptions> options) : IWebhookUrlGuard
{
    public async Task<string?> RefusalAsync(string url, CancellationToken cancellationToken)
    {
        var allowPrivate = options.Value.AllowPrivateNetworks;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "The url must be an absolute URL.";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !(allowPrivate && uri.Scheme == Uri.UriSchemeHttp))
        {
            return "The url must use https.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "The url must not carry credentials.";
        }

        try
        {
            await PublicAddressConnector.ResolveAsync(uri.IdnHost, allowPrivate, cancellationToken);
            return null;
        }
        catch (SendConditionRefusedException refused)
        {
            return $"The url's host is not allowed: {refused.Message}";
        }
        catch (SocketException)
        {
            return $"The url's host '{uri.IdnHost}' could not be resolved.";
        }
    }
}
