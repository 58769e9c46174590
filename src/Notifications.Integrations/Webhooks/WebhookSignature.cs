using System.Security.Cryptography;
using System.Text;

namespace Notifications.Integrations.Webhooks;

/// <summary>
/// Standard Webhooks signing (docs/webhooks.md): <c>v1,</c> + base64 of HMAC-SHA256 over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, keyed with the base64-decoded text after <c>whsec_</c>.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    public static string Sign(string secret, string webhookId, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var signed = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }
}
