using System.Net.Http.Json;
using System.Text.Json;

namespace Notifications.Integrations.ContactRegistry;

/// <summary>Altinn Profile client (docs/architecture.md#contracts); base address <c>…/profile/api/v1/</c>.</summary>
internal sealed class AltinnProfileClient(HttpClient http, ILogger<AltinnProfileClient> logger)
{
    public async Task<IReadOnlyList<UserContactPoint>> LookUpPersonsAsync(IReadOnlyList<string> nationalIdentityNumbers, CancellationToken cancellationToken)
    {
        var response = await AltinnLookupHttp.PostAsync<UserContactPointLookupRequest, UserContactPointsResponse>(
            http, logger, "Profile", "users/contactpoint/lookup", new(nationalIdentityNumbers, UseStaleContactInfo: false), nationalIdentityNumbers.Count, cancellationToken);
        return response.ContactPointsList ?? throw AltinnLookupHttp.Invalid(logger, "Profile", nationalIdentityNumbers.Count);
    }

    public async Task<IReadOnlyList<OrganizationContactPoint>> LookUpOrganizationsAsync(IReadOnlyList<string> organizationNumbers, CancellationToken cancellationToken)
    {
        var response = await AltinnLookupHttp.PostAsync<OrganizationContactPointLookupRequest, OrganizationContactPointsResponse>(
            http, logger, "Profile", "organizations/notificationaddresses/lookup", new(organizationNumbers), organizationNumbers.Count, cancellationToken);
        return response.ContactPointsList ?? throw AltinnLookupHttp.Invalid(logger, "Profile", organizationNumbers.Count);
    }
}

/// <summary>Altinn Register client (docs/architecture.md#contracts); base address <c>…/register/api/v1/</c>.</summary>
internal sealed class AltinnRegisterClient(HttpClient http, ILogger<AltinnRegisterClient> logger)
{
    public async Task<IReadOnlyList<PartyName>> LookUpNamesAsync(IReadOnlyList<PartyLookup> parties, CancellationToken cancellationToken)
    {
        var response = await AltinnLookupHttp.PostAsync<PartyNamesLookupRequest, PartyNamesLookupResponse>(
            http, logger, "Register", "parties/nameslookup", new(parties), parties.Count, cancellationToken);
        return response.PartyNames ?? throw AltinnLookupHttp.Invalid(logger, "Register", parties.Count);
    }
}

/// <summary>
/// One lookup call with every way it can fail turned into <see cref="ContactRegistryUnavailableException"/>, so the
/// caller answers 503 (registering) or retries later (processing) instead of treating the people as unknown.
/// </summary>
/// <remarks>Requests and bodies carry national identity numbers and email addresses: log counts and status codes only.</remarks>
internal static partial class AltinnLookupHttp
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<TResponse> PostAsync<TRequest, TResponse>(
        HttpClient http, ILogger logger, string service, string relativePath, TRequest body, int count, CancellationToken cancellationToken)
        where TResponse : class
    {
        HttpResponseMessage response;
        try
        {
            // The default completion option buffers the whole body, so HttpClient.Timeout covers a body that stalls too.
            response = await http.PostAsJsonAsync(relativePath, body, Json, cancellationToken);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout surfaces as a cancellation; only our caller's token means "stop", anything else timed out.
            LogTimedOut(logger, service, relativePath, count, http.Timeout.TotalSeconds);
            throw new ContactRegistryUnavailableException($"Altinn {service} did not answer {relativePath} within {http.Timeout.TotalSeconds} seconds.", e);
        }
        catch (HttpRequestException e)
        {
            LogUnreachable(logger, service, relativePath, count, e.HttpRequestError);
            throw new ContactRegistryUnavailableException($"Altinn {service} could not be reached for {relativePath} ({e.HttpRequestError}).", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                LogFailedStatus(logger, service, relativePath, count, (int)response.StatusCode);
                throw new ContactRegistryUnavailableException($"Altinn {service} answered {(int)response.StatusCode} to {relativePath}.");
            }

            try
            {
                var result = await response.Content.ReadFromJsonAsync<TResponse>(Json, cancellationToken)
                    ?? throw Invalid(logger, service, count);
                LogAnswered(logger, service, relativePath, count);
                return result;
            }
            catch (Exception e) when (e is JsonException or NotSupportedException)
            {
                // The exception's message names the JSON path, never the values; it stays as the inner exception.
                throw Invalid(logger, service, count, e);
            }
        }
    }

    public static ContactRegistryUnavailableException Invalid(ILogger logger, string service, int count, Exception? innerException = null)
    {
        LogInvalidBody(logger, service, count);
        return new ContactRegistryUnavailableException($"Altinn {service} answered with a body that is not the expected JSON.", innerException);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Altinn {Service} answered {RelativePath} for {Count} numbers")]
    private static partial void LogAnswered(ILogger logger, string service, string relativePath, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Altinn {Service} answered {StatusCode} to {RelativePath} for {Count} numbers")]
    private static partial void LogFailedStatus(ILogger logger, string service, string relativePath, int count, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Altinn {Service} did not answer {RelativePath} for {Count} numbers within {TimeoutSeconds} seconds")]
    private static partial void LogTimedOut(ILogger logger, string service, string relativePath, int count, double timeoutSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Altinn {Service} could not be reached for {RelativePath} ({Error}, {Count} numbers)")]
    private static partial void LogUnreachable(ILogger logger, string service, string relativePath, int count, HttpRequestError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Altinn {Service} answered a lookup of {Count} numbers with a body that is not the expected JSON")]
    private static partial void LogInvalidBody(ILogger logger, string service, int count);
}
