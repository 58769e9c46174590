using Notifications.Testing.Email.Acs;

namespace Notifications.Api.Tests.Http;

/// <summary>
/// Look before re-sending (docs/decisions/002): a host killed (SIGKILL) mid-dispatch leaves sends that ACS took but whose
/// answers it never recorded; the host that takes the work over must not POST them again. Counted at the fake ACS's
/// POSTs. The fixture's own host only takes requests; the dispatching hosts are child processes.
/// </summary>
public sealed class AcsKilledHostTests : ApiTestBase
{
    private FakeAcsServer _acs = null!;

    protected override Task BeforeHostStartsAsync() => StartAcsAsync();

    [OneTimeTearDown]
    public async Task StopAcsAsync() => await _acs.DisposeAsync();

    private async Task StartAcsAsync() => _acs = await FakeAcsServer.StartAsync();

    private Dictionary<string, string?> DispatchingHost() => new()
    {
        ["ConnectionStrings:Notifications"] = TestDatabase.ConnectionString,
        ["Authentication:Bearer:ValidIssuers:0"] = TestTokens.BearerIssuer,
        ["Authentication:Bearer:SigningKeys:0"] = TestTokens.PublicPem(TestTokens.BearerKey),
        ["ContactRegistry:Provider"] = "File",
        ["ContactRegistry:File"] = TestContacts.FilePath,
        ["Serilog:MinimumLevel:Default"] = "Warning",
        ["Email:Provider"] = "AzureCommunicationServices",
        ["Email:Acs:ConnectionString"] = _acs.ConnectionString(),
        ["Dispatch:Enabled"] = "true",
        ["Dispatch:PollIntervalSeconds"] = "1",
        ["Dispatch:LeaseSeconds"] = "5",
        ["Dispatch:RecoverIntervalSeconds"] = "1",
        // Batches much shorter than the lease: the only claims that expire are the killed host's.
        ["Dispatch:EmailBatchSize"] = "20",
        ["Dispatch:SendConcurrency"] = "8",
    };

    private IReadOnlyList<string> PostedIds() =>
        _acs.Requests.Where(r => r.Method == "POST").Select(r => r.OperationId!).ToList();

    private static async Task<HashSet<string>> RecordedOperationIdsAsync(Guid orderId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT operation_id FROM notifications.email_notifications WHERE order_id = $1 AND operation_id IS NOT NULL", connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = orderId });
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    [Test]
    public async Task HostKilledMidDispatch_ToASlowAcs_CausesNoDuplicatePost()
    {
        // ACS takes each email at once but answers 200 ms later: a kill lands between the two for every send in flight.
        _acs.AnswerDelay = TimeSpan.FromMilliseconds(200);
        var recipients = Enumerable.Range(0, 200).Select(i => new { emailAddress = $"kill{i}@example.com" }).ToArray();
        ServiceProcess? killed = null;
        ServiceProcess? takeOver = null;
        try
        {
            killed = ServiceProcess.Start(DispatchingHost());
            var response = await PostOrderAsync(new { subject = "s", body = "b", recipients });
            var orderId = (await JsonOf(response))["orderId"]!.GetValue<Guid>();
            await WaitUntilAsync(() => PostedIds().Count >= 40, 90, () => $"the first host sent {PostedIds().Count}:\n{killed.Output}");

            killed.Kill();
            var postedAtKill = PostedIds().ToHashSet(StringComparer.OrdinalIgnoreCase);
            var unrecorded = postedAtKill.Except(await RecordedOperationIdsAsync(orderId)).Count();
            TestContext.Out.WriteLine($"killed after {postedAtKill.Count} POSTs, {unrecorded} of them taken by ACS but not recorded");

            takeOver = ServiceProcess.Start(DispatchingHost());
            await WaitUntilAsync(async () => (await RecordedOperationIdsAsync(orderId)).Count == 200, 120,
                () => $"not every email accepted:\n{takeOver.Output}");

            var posted = PostedIds();
            var ids = await RecordedOperationIdsAsync(orderId);
            TestContext.Out.WriteLine($"{posted.Count} POSTs for 200 emails; {_acs.Requests.Count(r => r.Method == "GET")} status reads");
            Assert.Multiple(() =>
            {
                Assert.That(postedAtKill, Has.Count.LessThan(200), "the kill left emails unsent");
                Assert.That(unrecorded, Is.GreaterThan(0), "the kill left sends that ACS took but the host never recorded");
                Assert.That(posted.GroupBy(id => id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty,
                    "Operation-Ids POSTed more than once");
                Assert.That(posted.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(ids), Is.True, "every email POSTed, under its own id");
            });
        }
        finally
        {
            killed?.Dispose();
            takeOver?.Dispose();
            _acs.AnswerDelay = TimeSpan.Zero;
        }
    }

    private static Task WaitUntilAsync(Func<bool> condition, int timeoutSeconds, Func<string> describe) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeoutSeconds, describe);
}
