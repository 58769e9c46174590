using System.Text.Json.Nodes;

namespace Notifications.Api.Tests.Http.Future;

/// <summary>Request bodies of <c>POST /future/orders</c> for the tests, as JSON the tests can change.</summary>
public static class FutureOrderRequests
{
    public const string Url = "/notifications/api/v1/future/orders";

    public static JsonObject Settings(string subject = "Hello", string body = "A message.") => new()
    {
        ["subject"] = subject,
        ["body"] = body,
        ["contentType"] = "Plain",
    };

    public static JsonObject EmailRecipient(string address = "user@example.com") => new()
    {
        ["recipientEmail"] = new JsonObject { ["emailAddress"] = address, ["emailSettings"] = Settings() },
    };

    public static JsonObject PersonRecipient(string nin, string channel = "Email") => new()
    {
        ["recipientPerson"] = new JsonObject { ["nationalIdentityNumber"] = nin, ["channelSchema"] = channel, ["emailSettings"] = Settings() },
    };

    public static JsonObject OrganizationRecipient(string orgNumber, string channel = "Email") => new()
    {
        ["recipientOrganization"] = new JsonObject { ["orgNumber"] = orgNumber, ["channelSchema"] = channel, ["emailSettings"] = Settings() },
    };

    /// <summary>A valid chain: an email recipient now, and one reminder seven days later unless <paramref name="reminders"/> says otherwise.</summary>
    public static JsonObject Chain(string? idempotencyId = null, JsonObject? recipient = null, params JsonObject[] reminders) => new()
    {
        ["idempotencyId"] = idempotencyId ?? Guid.NewGuid().ToString(),
        ["sendersReference"] = "ref-1",
        ["recipient"] = recipient ?? EmailRecipient(),
        ["reminders"] = new JsonArray(reminders.Length == 0 ? [Reminder(delayDays: 7)] : reminders.Select(r => (JsonNode)r).ToArray()),
    };

    public static JsonObject Reminder(int? delayDays = null, DateTimeOffset? requestedSendTime = null, JsonObject? recipient = null, string? conditionEndpoint = null)
    {
        var reminder = new JsonObject
        {
            ["sendersReference"] = "ref-1-r1",
            ["recipient"] = recipient ?? EmailRecipient("reminded@example.com"),
        };
        if (delayDays is not null)
        {
            reminder["delayDays"] = delayDays;
        }

        if (requestedSendTime is not null)
        {
            reminder["requestedSendTime"] = requestedSendTime.Value.ToString("O");
        }

        if (conditionEndpoint is not null)
        {
            reminder["conditionEndpoint"] = conditionEndpoint;
        }

        return reminder;
    }
}
