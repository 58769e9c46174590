namespace Notifications.Api.OpenApi;

/// <summary>An example of the statistics answer (two days, with a provider that sends delivery reports, three orders still scheduled).</summary>
internal static class StatisticsExamples
{
    public const string GetStatistics = "GetStatistics";

    public const string Statistics = """
        {
          "creator": "ttd",
          "from": "2026-11-01",
          "to": "2026-11-02",
          "groupBy": "day",
          "buckets": [
            {
              "start": "2026-11-01T00:00:00Z",
              "orders": 120,
              "emails": { "Delivered": 1180, "Failed_Bounced": 12, "Failed_RecipientReserved": 8 },
              "deliveryRate": 0.9833,
              "p50SendDelayMs": 412,
              "p95SendDelayMs": 2301
            },
            {
              "start": "2026-11-02T00:00:00Z",
              "orders": 95,
              "emails": { "New": 40, "Sending": 10, "Succeeded": 200, "Delivered": 695, "Failed_TTL": 5 },
              "deliveryRate": 0.9929,
              "p50SendDelayMs": 388,
              "p95SendDelayMs": 1740
            }
          ],
          "totals": {
            "orders": 215,
            "emails": {
              "New": 40, "Sending": 10, "Succeeded": 200, "Delivered": 1875, "Failed": 0, "Failed_RecipientReserved": 8,
              "Failed_RecipientNotIdentified": 0, "Failed_InvalidEmailFormat": 0, "Failed_SupressedRecipient": 0, "Failed_Bounced": 12,
              "Failed_FilteredSpam": 0, "Failed_Quarantined": 0, "Failed_TTL": 5
            },
            "deliveryRate": 0.9870,
            "p50SendDelayMs": 401,
            "p95SendDelayMs": 2050
          },
          "backlog": { "New": 40, "Sending": 10 },
          "scheduled": { "orders": 3, "nextSendTime": "2026-11-03T07:30:00Z" }
        }
        """;
}
