using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Notifications.Api.OpenApi;

/// <summary>Examples for registering an order, taken from the user documentation (the seeds) so both tell the same story.</summary>
internal static class OpenApiExamples
{
    public const string PostEmailOrder = "PostEmailOrder";

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

    public static Task AddExamplesAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId != PostEmailOrder)
        {
            return Task.CompletedTask;
        }

        // The XML-doc reader gives the body the last parameter's text (the Idempotency-Key's); say it here instead.
        if (operation.RequestBody is OpenApiRequestBody body)
        {
            body.Description = "The order: what to send, to whom and when.";
        }

        foreach (var header in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.Name == "Idempotency-Key") ?? [])
        {
            header.Description = "At most 255 characters. Makes retries safe: the same key from the same creator returns the first order (200) instead of creating another.";
        }

        if (operation.RequestBody?.Content?.TryGetValue("application/json", out var request) == true)
        {
            request.Examples = RequestExamples.ToDictionary(
                e => e.Key,
                e => (IOpenApiExample)new OpenApiExample { Summary = e.Value.Summary, Value = JsonNode.Parse(e.Value.Json) });
        }

        if (operation.Responses?.TryGetValue("202", out var accepted) == true && accepted.Content?.TryGetValue("application/json", out var response) == true)
        {
            response.Example = JsonNode.Parse(AcceptedExample);
        }

        return Task.CompletedTask;
    }
}
