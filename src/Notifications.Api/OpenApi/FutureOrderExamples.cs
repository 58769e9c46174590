namespace Notifications.Api.OpenApi;

/// <summary>Examples for the future API's order chains and instant emails.</summary>
internal static class FutureOrderExamples
{
    public const string PostFutureOrder = "PostFutureOrder";
    public const string GetFutureOrder = "GetFutureOrder";
    public const string PostInstantEmail = "PostInstantEmailOrder";

    public static readonly Dictionary<string, (string Summary, string Json)> ChainRequests = new()
    {
        ["reminder"] = ("An email now, and a reminder after seven days unless the recipient has acted", """
            {
              "idempotencyId": "case-42",
              "sendersReference": "ref-1",
              "conditionEndpoint": "https://case.example/api/should-send?case=42",
              "recipient": {
                "recipientEmail": {
                  "emailAddress": "someone@example.com",
                  "emailSettings": { "subject": "Your case 42", "body": "We need a document from you.", "contentType": "Plain" }
                }
              },
              "reminders": [
                {
                  "delayDays": 7,
                  "sendersReference": "ref-1-r1",
                  "conditionEndpoint": "https://case.example/api/should-remind?case=42",
                  "recipient": {
                    "recipientEmail": {
                      "emailAddress": "someone@example.com",
                      "emailSettings": { "subject": "Reminder: your case 42", "body": "We still need a document from you." }
                    }
                  }
                }
              ]
            }
            """),
        ["person"] = ("A person, looked up in the contact register, with their reservation respected", """
            {
              "idempotencyId": "case-43",
              "requestedSendTime": "2026-12-01T08:00:00+01:00",
              "dialogportenAssociation": { "dialogId": "0194b7a1-8d1c-7a51-b1f2-1d7f3c9a2e11" },
              "recipient": {
                "recipientPerson": {
                  "nationalIdentityNumber": "07058910060",
                  "channelSchema": "EmailPreferred",
                  "resourceId": "urn:altinn:resource:ttd-case",
                  "emailSettings": { "subject": "Til $recipientName$", "body": "Hei $recipientName$, saken din er behandlet." }
                }
              }
            }
            """),
    };

    public const string ChainCreated = """
        {
          "notificationOrderId": "0194b7a1-8d1c-7a51-b1f2-1d7f3c9a2e40",
          "notification": {
            "shipmentId": "0194b7a1-8d1c-7a51-b1f2-1d7f3c9a2e41",
            "sendersReference": "ref-1",
            "reminders": [ { "shipmentId": "0194b7a1-8d1c-7a51-b1f2-1d7f3c9a2e42", "sendersReference": "ref-1-r1" } ]
          }
        }
        """;

    public const string MissingContact = """
        {
          "type": "urn:altinn:error:NOT-00001",
          "title": "Missing contact information for recipient(s)",
          "status": 422,
          "code": "NOT-00001",
          "missingContact": ["26876848901"]
        }
        """;

    public const string Chain = """
        {
          "notificationOrderId": "0194b7a1-8d1c-7a51-b1f2-1d7f3c9a2e40",
          "idempotencyId": "case-42",
          "sendersReference": "ref-1",
          "created": "2026-11-30T08:00:00Z",
          "shipments": [
            { "shipmentId": "0194b7a1-8d1c-7a51-b1f2-1d7f3c9a2e41", "type": "Notification", "sendersReference": "ref-1", "requestedSendTime": "2026-11-30T08:00:00Z", "status": "Order_Completed" },
            { "shipmentId": "0194b7a1-8d1c-7a51-b1f2-1d7f3c9a2e42", "type": "Reminder", "sendersReference": "ref-1-r1", "requestedSendTime": "2026-12-07T08:00:00Z", "status": "Order_Registered" }
          ]
        }
        """;

    public static readonly Dictionary<string, (string Summary, string Json)> InstantRequests = new()
    {
        ["code"] = ("A one-time code, sent before the answer", """
            {
              "idempotencyId": "login-7f3a",
              "sendersReference": "otp",
              "recipientEmail": {
                "emailAddress": "someone@example.com",
                "emailSettings": { "subject": "Your code", "body": "Your code is 493021. It expires in 10 minutes.", "contentType": "Plain" }
              }
            }
            """),
    };

    public const string InstantCreated = """
        {
          "notificationOrderId": "6f0b3c1e-5a7d-5e2b-9c41-0d8e2f4a6b13",
          "notification": { "shipmentId": "2b9d7e4a-1c3f-5a6b-8d0e-4f2a7c9b1e35", "sendersReference": "otp" }
        }
        """;

    public const string InstantUnavailable = """
        { "type": "urn:altinn:error:NOT-00004", "title": "A temporary network failure occurred", "status": 503, "code": "NOT-00004" }
        """;
}
