using Npgsql;
using NpgsqlTypes;

// The intake baseline: POST /notifications/api/v1/orders/email stores the body as one jsonb row with Npgsql and answers
// 202. No authentication, validation, logging or anything else: what the service is measured against.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var connectionString = builder.Configuration.GetConnectionString("Baseline")
    ?? throw new InvalidOperationException("ConnectionStrings:Baseline is not configured.");
await using var dataSource = NpgsqlDataSource.Create(connectionString);
await using (var create = dataSource.CreateCommand(
    "CREATE TABLE IF NOT EXISTS baseline_orders (id uuid PRIMARY KEY, created timestamptz NOT NULL, body jsonb NOT NULL)"))
{
    await create.ExecuteNonQueryAsync();
}

var app = builder.Build();
app.MapPost("/notifications/api/v1/orders/email", async (HttpRequest request, CancellationToken cancellationToken) =>
{
    using var reader = new StreamReader(request.Body);
    var body = await reader.ReadToEndAsync(cancellationToken);
    var id = Guid.CreateVersion7();
    await using var insert = dataSource.CreateCommand("INSERT INTO baseline_orders (id, created, body) VALUES ($1, now(), $2)");
    insert.Parameters.Add(new() { Value = id });
    insert.Parameters.Add(new() { Value = body, NpgsqlDbType = NpgsqlDbType.Jsonb });
    await insert.ExecuteNonQueryAsync(cancellationToken);
    return Results.Accepted($"/notifications/api/v1/orders/{id}", new { orderId = id });
});
app.MapGet("/ready", () => "ok");
app.Run();
