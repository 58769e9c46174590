using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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

    public Task<IReadOnlyList<PersonContact>> GetPersonContactsAsync(IReadOnlyCollection<string> nationalIdentityNumbers, CancellationToken cancellationToken) =>
        LookUpAsync(
            "persons",
            nationalIdentityNumbers,
            profile.LookUpPersonsAsync,
            n => new PartyLookup(Ssn: n, OrgNo: null),
            name => name.Ssn,
            contact => contact.NationalIdentityNumber,
            (contact, number, name) => new PersonContact(number, name, string.IsNullOrWhiteSpace(contact.Email) ? null : contact.Email.Trim(), contact.IsReserved),
            cancellationToken);

    public Task<IReadOnlyList<OrganizationContact>> GetOrganizationContactsAsync(IReadOnlyCollection<string> organizationNumbers, CancellationToken cancellationToken) =>
        LookUpAsync(
            "organisations",
            organizationNumbers,
            profile.LookUpOrganizationsAsync,
            n => new PartyLookup(Ssn: null, OrgNo: n),
            name => name.OrgNo,
            contact => contact.OrganizationNumber,
            (contact, number, name) => new OrganizationContact(
                number, name, (contact.EmailList ?? []).Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList()),
            cancellationToken);

    /// <summary>
    /// One lookup for persons or organisations: contact points from Profile and names from Register, both in chunks and
    /// at once; each wanted number found in Profile becomes one contact with its name (if Register knows it).
    /// </summary>
    private async Task<IReadOnlyList<TContact>> LookUpAsync<TPoint, TContact>(
        string what,
        IReadOnlyCollection<string> numbers,
        Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<TPoint>>> lookUpContactPoints,
        Func<string, PartyLookup> party,
        Func<PartyName, string?> nameKey,
        Func<TPoint, string?> numberOf,
        Func<TPoint, string, string?, TContact> toContact,
        CancellationToken cancellationToken)
    {
        var wanted = numbers.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var (contactPoints, names) = await BothAsync(
            token => InChunksAsync(wanted, lookUpContactPoints, token),
            token => InChunksAsync(wanted, (chunk, t) => register.LookUpNamesAsync([.. chunk.Select(party)], t), token),
            cancellationToken);

        var nameByNumber = NamesBy(names, nameKey);
        var wantedSet = wanted.ToHashSet(StringComparer.Ordinal);
        var found = contactPoints
            .Where(c => numberOf(c) is { } number && wantedSet.Contains(number))
            .DistinctBy(numberOf)
            .Select(c => toContact(c, numberOf(c)!, nameByNumber.GetValueOrDefault(numberOf(c)!)))
            .ToList();
        LogLookedUp(logger, what, wanted.Count, found.Count);
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
