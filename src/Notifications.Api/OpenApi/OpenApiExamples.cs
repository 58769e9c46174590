using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Notifications.Api.OpenApi;

/// <summary>
/// Examples for registering and reading orders. The v1 ones are taken from the user documentation (the seeds) so both tell
/// the same story; the future API's are in <see cref="FutureOrderExamples"/>, the webhooks' in <see cref="WebhookExamples"/>.
/// </summary>
internal static class OpenApiExamples
{
    public const string PostEmailOrder = "PostEmailOrder";
    public const string PreviewEmailOrder = "PreviewEmailOrder";

    private static readonly Dictionary<string, (string Summary, string Json)> RequestExamples = new()
    {
        ["simple"] = ("An email to three recipients: an email address, a person and an organisation", """
            {
              "sendersReference": "ref-2023-12-01",
              "subject": "A test email from Altinn Notifications",
              "body": "A message to be sent immediately from an org.",
              "contentType": "Plain",
              "recipients": [
                { "emailAddress": "testuser@altinn.no" },
                { "nationalIdentityNumber": "11876995923" },
                { "organizationNumber": "313600947" }
              ]
            }
            """),
        ["keywords"] = ("A personalised email to an organisation, using keywords", """
            {
              "sendersReference": "ref-2023-12-02",
              "subject": "Important notification regarding your organization, $recipientName$",
              "body": "Dear $recipientName$, this is an official notification regarding your organization, identified by the organization number $recipientNumber$. Please take the necessary actions.",
              "contentType": "Plain",
              "recipients": [
                { "organizationNumber": "313600947" }
              ]
            }
            """),
    };

    private const string AcceptedExample = """
        {
          "orderId": "f1a1cc30-197f-4f34-8304-006ce4945fd1",
          "recipientLookup": {
            "status": "PartialSuccess",
            "isReserved": ["11876995923"],
            "missingContact": []
          }
        }
        """;

    // What the "simple" request previews as with the sample contact registry (config/contact-registry.sample.json).
    private const string PreviewExample = """
        {
          "recipientLookup": {
            "status": "PartialSuccess",
            "isReserved": ["11876995923"],
            "missingContact": []
          },
          "emails": [
            {
              "recipient": { "emailAddress": "testuser@altinn.no" },
              "toAddress": "testuser@altinn.no",
              "subject": "A test email from Altinn Notifications",
              "body": "A message to be sent immediately from an org.",
              "contentType": "Plain",
              "status": "New"
            },
            {
              "recipient": { "nationalIdentityNumber": "11876995923" },
              "subject": "A test email from Altinn Notifications",
              "body": "A message to be sent immediately from an org.",
              "contentType": "Plain",
              "status": "Failed_RecipientReserved"
            },
            {
              "recipient": { "emailAddress": "post@testbedrift.example", "organizationNumber": "313600947" },
              "toAddress": "post@testbedrift.example",
              "subject": "A test email from Altinn Notifications",
              "body": "A message to be sent immediately from an org.",
              "contentType": "Plain",
              "status": "New"
            }
          ],
          "totalEmails": 3
        }
        """;

    /// <summary>Per operation: its request examples, and one example per response status.</summary>
    private static readonly Dictionary<string, (Dictionary<string, (string Summary, string Json)> Requests, Dictionary<string, string> Responses)> Operations = new()
    {
        [PostEmailOrder] = (RequestExamples, new() { ["202"] = AcceptedExample }),
        [PreviewEmailOrder] = (RequestExamples, new() { ["200"] = PreviewExample }),
        [FutureOrderExamples.PostFutureOrder] = (FutureOrderExamples.ChainRequests, new()
        {
            ["201"] = FutureOrderExamples.ChainCreated,
            ["422"] = FutureOrderExamples.MissingContact,
        }),
        [FutureOrderExamples.GetFutureOrder] = (new(), new() { ["200"] = FutureOrderExamples.Chain }),
        [FutureOrderExamples.PostInstantEmail] = (FutureOrderExamples.InstantRequests, new()
        {
            ["201"] = FutureOrderExamples.InstantCreated,
            ["503"] = FutureOrderExamples.InstantUnavailable,
        }),
        [StatisticsExamples.GetStatistics] = (new(), new() { ["200"] = StatisticsExamples.Statistics }),
        [WebhookExamples.PostWebhook] = (WebhookExamples.Requests, new() { ["201"] = WebhookExamples.Created }),
        [WebhookExamples.GetWebhooks] = (new(), new() { ["200"] = WebhookExamples.Subscriptions }),
        [WebhookExamples.GetWebhook] = (new(), new() { ["200"] = WebhookExamples.Subscription }),
    };

    public static Task AddExamplesAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId == PostEmailOrder)
        {
            DescribeIdempotencyKey(operation);
        }

        if (operation.OperationId is null || !Operations.TryGetValue(operation.OperationId, out var examples))
        {
            return Task.CompletedTask;
        }

        if (examples.Requests.Count > 0 && operation.RequestBody?.Content?.TryGetValue("application/json", out var request) == true)
        {
            request.Examples = examples.Requests.ToDictionary(
                e => e.Key,
                e => (IOpenApiExample)new OpenApiExample { Summary = e.Value.Summary, Value = JsonNode.Parse(e.Value.Json) });
        }

        foreach (var (status, json) in examples.Responses)
        {
            if (operation.Responses?.TryGetValue(status, out var answer) == true && answer.Content is { } content)
            {
                foreach (var media in content.Values)
                {
                    media.Example = JsonNode.Parse(json);
                }
            }
        }

        return Task.CompletedTask;
    }

    private static void DescribeIdempotencyKey(OpenApiOperation operation)
    {
        // The XML-doc reader gives the body the last parameter's text (the Idempotency-Key's); say it here instead.
        if (operation.RequestBody is OpenApiRequestBody body)
        {
            body.Description = "The order: what to send, to whom and when.";
        }

        foreach (var header in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.Name == "Idempotency-Key") ?? [])
        {
            header.Description = "At most 255 characters. Makes retries safe: the same key from the same creator returns the first order (200) instead of creating another.";
        }
    }
}
