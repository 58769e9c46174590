using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Notifications.Api.Auth;

public static class AuthenticationSetup
{
    /// <summary>The issuer of the tokens printed by <c>./run.sh token</c>.</summary>
    public const string DevelopmentIssuer = "notifications-dev";

    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>Only asymmetric algorithms: a shared secret could mint tokens, and <c>none</c> signs nothing.</summary>
    public static readonly string[] AllowedAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    public static IServiceCollection AddTokenAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var developmentKey = environment.IsDevelopment() && !string.IsNullOrWhiteSpace(options.DevelopmentKeyFile)
            ? LoadKey(options.DevelopmentKeyFile, environment.ContentRootPath)
            : null;

        var bearerKeys = options.Bearer.SigningKeys.Select(k => LoadKey(k, environment.ContentRootPath)).ToList();
        var bearerIssuers = options.Bearer.ValidIssuers.ToList();
        if (developmentKey is not null)
        {
            bearerKeys.Add(developmentKey);
            bearerIssuers.Add(DevelopmentIssuer);
        }

        var platformKeys = options.PlatformAccessTokenIssuers.ToDictionary(
            p => p.Key, p => LoadKey(p.Value, environment.ContentRootPath), StringComparer.Ordinal);

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                if (!string.IsNullOrWhiteSpace(options.Bearer.MetadataAddress))
                {
                    jwt.MetadataAddress = options.Bearer.MetadataAddress;
                    jwt.RequireHttpsMetadata = options.Bearer.RequireHttpsMetadata;
                }

                jwt.TokenValidationParameters = StrictParameters(JwtBearerDefaults.AuthenticationScheme);
                jwt.TokenValidationParameters.ValidIssuers = bearerIssuers;
                jwt.TokenValidationParameters.IssuerSigningKeys = bearerKeys;
                jwt.TokenValidationParameters.ValidateAudience = options.Bearer.ValidAudiences.Count > 0;
                jwt.TokenValidationParameters.ValidAudiences = options.Bearer.ValidAudiences;
            })
            .AddScheme<PlatformAccessTokenOptions, PlatformAccessTokenHandler>(PlatformAccessTokenHandler.SchemeName, platform =>
            {
                var parameters = StrictParameters(PlatformAccessTokenHandler.SchemeName);
                parameters.ValidateAudience = false;
                // Each issuer has its own key; in Development the development key may sign for any issuer
                // (./run.sh token --platform-access-token --app ORG/APP).
                parameters.IssuerValidator = (issuer, _, _) =>
                    platformKeys.ContainsKey(issuer) || developmentKey is not null
                        ? issuer
                        : throw new SecurityTokenInvalidIssuerException("The platform access token issuer is not trusted.");
                parameters.IssuerSigningKeyResolver = (_, token, _, _) =>
                {
                    var issuer = (token as JsonWebToken)?.Issuer ?? "";
                    var keys = new List<SecurityKey>();
                    if (platformKeys.TryGetValue(issuer, out var key))
                    {
                        keys.Add(key);
                    }

                    if (developmentKey is not null)
                    {
                        keys.Add(developmentKey);
                    }

                    return keys;
                };
                platform.TokenValidationParameters = parameters;
            });

        if (options.Bearer.CacheSeconds is < 0 or > 3600)
        {
            throw new InvalidOperationException("Authentication:Bearer:CacheSeconds must be between 0 and 3600.");
        }

        if (options.Bearer.CacheSeconds > 0)
        {
            services.AddSingleton(sp => new ValidatedTokenCache(
                sp.GetService<TimeProvider>() ?? TimeProvider.System, TimeSpan.FromSeconds(options.Bearer.CacheSeconds)));
            services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
                .Configure<ValidatedTokenCache>((jwt, cache) => jwt.Events = CachingEvents(cache));
        }

        services.AddSingleton<IAuthorizationHandler, CreatorRequirement>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, RefusalProblemDetails>();
        services.AddAuthorizationBuilder()
            .AddPolicy(CreatorRequirement.PolicyName, policy => policy
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme, PlatformAccessTokenHandler.SchemeName)
                .AddRequirements(new CreatorRequirement()));
        return services;
    }

    /// <summary>
    /// A token found in the cache authenticates without its signature being checked again; one validated in full (the
    /// handler's strict parameters, unchanged) is remembered until it expires or for <c>CacheSeconds</c>.
    /// </summary>
    private static JwtBearerEvents CachingEvents(ValidatedTokenCache cache) => new()
    {
        OnMessageReceived = context =>
        {
            if (PresentedTokens.Bearer(context.Request) is { } token && cache.Find(token) is { } principal)
            {
                context.Principal = principal;
                context.Success();
            }

            return Task.CompletedTask;
        },
        OnTokenValidated = context =>
        {
            if (context.SecurityToken is JsonWebToken token && context.Principal is { } principal)
            {
                cache.Add(token.EncodedToken, principal, new DateTimeOffset(token.ValidTo, TimeSpan.Zero));
            }

            return Task.CompletedTask;
        },
    };

    private static TokenValidationParameters StrictParameters(string authenticationType) => new()
    {
        AuthenticationType = authenticationType,
        ValidateIssuer = true,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        ClockSkew = ClockSkew,
        ValidAlgorithms = AllowedAlgorithms,
    };

    /// <summary>Reads an RSA or EC key (public or private PEM; only its public half is used) from PEM text or a PEM file.</summary>
    public static SecurityKey LoadKey(string pemOrPath, string contentRoot)
    {
        var pem = pemOrPath.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal)
            ? pemOrPath
            : File.ReadAllText(Path.GetFullPath(pemOrPath, contentRoot));
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: false));
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            using var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ECDsa.Create(ec.ExportParameters(includePrivateParameters: false)));
        }
    }
}
