using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Notifications.Api.Auth;

namespace Notifications.Api.Tests.Auth;

/// <summary>What <c>Authentication:Bearer:CacheSeconds</c> turns on and what it refuses.</summary>
public sealed class AuthenticationSetupTests
{
    [TestCase("-1")]
    [TestCase("3601")]
    public void AddTokenAuthentication_WithCacheSecondsOutOfRange_Throws(string seconds)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Services(seconds));

        Assert.That(exception!.Message, Does.Contain("Authentication:Bearer:CacheSeconds"));
    }

    [Test]
    public void AddTokenAuthentication_WithCacheSecondsZero_RemembersNoToken()
    {
        using var provider = Services("0").BuildServiceProvider();

        Assert.That(provider.GetService<ValidatedTokenCache>(), Is.Null);
    }

    [Test]
    public void AddTokenAuthentication_ByDefault_RemembersTokens()
    {
        using var provider = Services(null).BuildServiceProvider();

        Assert.That(provider.GetService<ValidatedTokenCache>(), Is.Not.Null);
    }

    private static ServiceCollection Services(string? cacheSeconds)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(cacheSeconds is null ? [] : new Dictionary<string, string?> { ["Authentication:Bearer:CacheSeconds"] = cacheSeconds })
            .Build();
        var services = new ServiceCollection();
        services.AddTokenAuthentication(configuration, new HostingEnvironment { EnvironmentName = Environments.Production, ContentRootPath = "/" });
        return services;
    }
}
