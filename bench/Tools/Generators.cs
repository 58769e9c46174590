using System.Globalization;
using System.Text.Json;

namespace Notifications.Bench;

/// <summary>
/// The fan-out data: a contact registry of N persons (NIN i ↦ <c>person-i@example.com</c>) and order bodies with N email
/// recipients or N NINs of that registry.
/// </summary>
internal static class Generators
{
    public static string Nin(int i) => (10_000_000_000L + i).ToString(CultureInfo.InvariantCulture);

    public static int Registry(Options options)
    {
        var persons = options.Int("persons");
        using var file = File.Create(options.Text("out"));
        using var json = new Utf8JsonWriter(file);
        json.WriteStartObject();
        json.WriteStartArray("persons");
        for (var i = 0; i < persons; i++)
        {
            json.WriteStartObject();
            json.WriteString("nationalIdentityNumber", Nin(i));
            json.WriteString("name", $"Person {i}");
            json.WriteString("email", $"person-{i}@example.com");
            json.WriteBoolean("isReserved", false);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("organizations");
        json.WriteEndArray();
        json.WriteEndObject();
        return 0;
    }

    public static int Order(Options options)
    {
        var emails = options.Int("emails", 0);
        var nins = options.Int("nins", 0);
        using var file = File.Create(options.Text("out"));
        using var json = new Utf8JsonWriter(file);
        json.WriteStartObject();
        json.WriteString("subject", "Dear $recipientName$");
        json.WriteString("body", "A benchmark notification for $recipientName$, fanned out from one order.");
        json.WriteString("requestedSendTime", options.Text("send-time"));
        json.WriteString("sendersReference", $"fanout-{emails}-{nins}");
        json.WriteStartArray("recipients");
        for (var i = 0; i < emails; i++)
        {
            json.WriteStartObject();
            json.WriteString("emailAddress", $"recipient-{i}@example.com");
            json.WriteEndObject();
        }

        for (var i = 0; i < nins; i++)
        {
            json.WriteStartObject();
            json.WriteString("nationalIdentityNumber", Nin(i));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        return 0;
    }
}
