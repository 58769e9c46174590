using System.Net;
using System.Text;
using Notifications.Core.Webhooks;
using Notifications.Integrations.SendCondition;

namespace Notifications.Integrations.Webhooks;

/// <summary>
/// POSTs one signed feed entry to a subscriber (docs/webhooks.md) through the send condition's SSRF-guarded handler,
/// which vets every connection's address. Redirects are not followed: a 3xx is a failure like any other non-2xx.
/// </summary>
public sealed class WebhookSender(HttpClient http, IOptions<WebhookOptions> options, TimeProvider clock) : IWebhookSender
{
    public async Task<WebhookSendResult> SendAsync(string url, string secret, long webhookId, string body, CancellationToken cancellationToken)
    {
        var uri = new Uri(url);
        var timeoutSeconds = options.Value.TimeoutSeconds;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        var id = webhookId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            // HTTP/3 runs over QUIC, which does not go through the connect callback and so would bypass the guard.
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(secret, id, timestamp, body));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode
                ? WebhookSendResult.Success
                : WebhookSendResult.Failed($"HTTP {(int)response.StatusCode} from {uri.IdnHost}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return WebhookSendResult.Failed($"no answer from {uri.IdnHost} within {timeoutSeconds} s");
        }
        catch (HttpRequestException e)
        {
            return WebhookSendResult.Failed(e.InnerException is SendConditionRefusedException refusal
                ? refusal.Message
                : $"{nameof(HttpRequestException)} ({e.HttpRequestError}) for {uri.IdnHost}");
        }
        catch (IOException e)
        {
            // A connection dropped mid-exchange: this subscriber's failure, never a reason to stop the others' runs.
            return WebhookSendResult.Failed($"{e.GetType().Name} for {uri.IdnHost}");
        }
    }
}
