using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Core.Domain;
using Notifications.Core.Ports;

namespace Notifications.Integrations.ContactRegistry;

/// <summary>
/// Contacts from Altinn Profile (email, reservation) with names from Register (docs/architecture.md#contracts).
/// </summary>
/// <remarks>
/// An order may name up to 100,000 recipients, so numbers go in chunks of <see cref="ChunkSize"/>, a few chunks at a
/// time, and Profile and Register are asked concurrently. Any failed call fails the whole lookup: a partial answer
/// would make people look unknown.
/// </remarks>
internal sealed partial class AltinnProfileContactRegistry(
    AltinnProfileClient profile, AltinnRegisterClient register, ILogger<AltinnProfileContactRegistry> logger) : IContactRegistry
{
    /// <summary>Numbers per call; keeps each request and answer small enough for the per-call timeout.</summary>
    internal const int ChunkSize = 1_000;

    /// <summary>Calls in flight per service and lookup, so one large order cannot flood Profile or Register.</summary>
    private const int MaxConcurrentCallsPerService = 4;

    public async Task<IReadOnlyList<PersonContact>> GetPersonContactsAsync(IReadOnlyCollection<string> nationalIdentityNumbers, CancellationToken cancellationToken)
    {
        var wanted = nationalIdentityNumbers.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var (contactPoints, names) = await BothAsync(
            token => InChunksAsync(wanted, profile.LookUpPersonsAsync, token),
            token => InChunksAsync(wanted, (chunk, t) => register.LookUpNamesAsync([.. chunk.Select(n => new PartyLookup(Ssn: n, OrgNo: null))], t), token),
            cancellationToken);

        var nameBySsn = NamesBy(names, n => n.Ssn);
        var wantedSet = wanted.ToHashSet(StringComparer.Ordinal);
        var found = contactPoints
            .Where(c => c.NationalIdentityNumber is { } nin && wantedSet.Contains(nin))
            .DistinctBy(c => c.NationalIdentityNumber)
            .Select(c => new PersonContact(
                c.NationalIdentityNumber!,
                nameBySsn.GetValueOrDefault(c.NationalIdentityNumber!),
                string.IsNullOrWhiteSpace(c.Email) ? null : c.Email.Trim(),
                c.IsReserved))
            .ToList();
        LogLookedUp(logger, "persons", wanted.Count, found.Count);
        return found;
    }

    public async Task<IReadOnlyList<OrganizationContact>> GetOrganizationContactsAsync(IReadOnlyCollection<string> organizationNumbers, CancellationToken cancellationToken)
    {
        var wanted = organizationNumbers.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var (contactPoints, names) = await BothAsync(
            token => InChunksAsync(wanted, profile.LookUpOrganizationsAsync, token),
            token => InChunksAsync(wanted, (chunk, t) => register.LookUpNamesAsync([.. chunk.Select(n => new PartyLookup(Ssn: null, OrgNo: n))], t), token),
            cancellationToken);

        var nameByOrgNo = NamesBy(names, n => n.OrgNo);
        var wantedSet = wanted.ToHashSet(StringComparer.Ordinal);
        var found = contactPoints
            .Where(c => c.OrganizationNumber is { } orgNo && wantedSet.Contains(orgNo))
            .DistinctBy(c => c.OrganizationNumber)
            .Select(c => new OrganizationContact(
                c.OrganizationNumber!,
                nameByOrgNo.GetValueOrDefault(c.OrganizationNumber!),
                (c.EmailList ?? []).Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList()))
            .ToList();
        LogLookedUp(logger, "organisations", wanted.Count, found.Count);
        return found;
    }

    private static Dictionary<string, string?> NamesBy(IEnumerable<PartyName> names, Func<PartyName, string?> key) =>
        names.Where(n => !string.IsNullOrEmpty(key(n)))
            .GroupBy(n => key(n)!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(n => n.Name).FirstOrDefault(name => !string.IsNullOrWhiteSpace(name)), StringComparer.Ordinal);

    /// <summary>Runs <paramref name="call"/> over chunks of <paramref name="numbers"/> and concatenates the answers.</summary>
    private static async Task<IReadOnlyList<T>> InChunksAsync<T>(
        IReadOnlyList<string> numbers, Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<T>>> call, CancellationToken cancellationToken)
    {
        var chunks = numbers.Chunk(ChunkSize).ToArray();
        if (chunks.Length == 1)
        {
            return await call(chunks[0], cancellationToken);
        }

        var answers = new IReadOnlyList<T>[chunks.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, chunks.Length),
            new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentCallsPerService, CancellationToken = cancellationToken },
            async (i, token) => answers[i] = await call(chunks[i], token));
        return [.. answers.SelectMany(a => a)];
    }

    /// <summary>Runs both lookups concurrently; when one fails the other is cancelled so the caller hears at once.</summary>
    private static async Task<(TFirst, TSecond)> BothAsync<TFirst, TSecond>(
        Func<CancellationToken, Task<TFirst>> first, Func<CancellationToken, Task<TSecond>> second, CancellationToken cancellationToken)
    {
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var firstTask = CancelOthersOnFailure(first(failFast.Token));
        var secondTask = CancelOthersOnFailure(second(failFast.Token));

        // A cancelled sibling adds no exception, so the awaited failure is the one that caused it.
        await Task.WhenAll(firstTask, secondTask);
        return (await firstTask, await secondTask);

        async Task<T> CancelOthersOnFailure<T>(Task<T> task)
        {
            try
            {
                return await task;
            }
            catch
            {
                await failFast.CancelAsync();
                throw;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Looked up {Requested} {Kind} in Altinn Profile and Register; {Found} found")]
    private static partial void LogLookedUp(ILogger logger, string kind, int requested, int found);
}

public static class AltinnProfileContactRegistryExtensions
{
    /// <summary>
    /// Registers the <c>AltinnProfile</c> contact registry: typed clients for Profile and Register from
    /// <see cref="ContactRegistryOptions"/> (bound from <c>ContactRegistry</c> by <c>AddIntegrations</c>).
    /// </summary>
    public static IServiceCollection AddAltinnProfileContactRegistry(this IServiceCollection services)
    {
        services.AddHttpClient<AltinnProfileClient>((sp, http) =>
            Configure(http, sp, options => options.ProfileBaseUrl, "ProfileBaseUrl"));
        services.AddSingleton(sp => new PlatformAccessTokens(
            sp.GetRequiredService<IOptions<ContactRegistryOptions>>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory()));
        services.AddTransient<PlatformAccessTokenHeaderHandler>();
        services.AddHttpClient<AltinnRegisterClient>((sp, http) => Configure(http, sp, options => options.RegisterBaseUrl, "RegisterBaseUrl"))
            .AddHttpMessageHandler<PlatformAccessTokenHeaderHandler>();

        // Transient like the typed clients it holds, so IHttpClientFactory can rotate their handlers.
        services.AddTransient<IContactRegistry, AltinnProfileContactRegistry>();
        return services;
    }

    private static ContactRegistryOptions Configure(HttpClient http, IServiceProvider services, Func<ContactRegistryOptions, Uri?> baseUrl, string key)
    {
        var options = services.GetRequiredService<IOptions<ContactRegistryOptions>>().Value;
        var url = baseUrl(options) ?? throw new InvalidOperationException($"ContactRegistry:{key} is required for the AltinnProfile provider.");

        // Relative paths resolve against the base only up to its last '/': without it ".../api/v1" + "parties/..." loses "v1".
        http.BaseAddress = url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
        http.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        return options;
    }
}
