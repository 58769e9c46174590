using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Notifications.Core.Domain;
using Notifications.Core.Ports;
using Notifications.Integrations;

namespace Notifications.Integrations.Tests.ContactRegistry;

[TestFixture]
public sealed class AltinnProfileContactRegistryTests
{
    private const string Ola = "11876995923";
    private const string Kari = "01017012345";
    private const string Per = "02027012345";
    private const string Unknown = "03037012345";
    private const string Testbedrift = "313600947";
    private const string Tomt = "910000001";

    private AltinnStub _stub = null!;
    private CollectingLoggerProvider _logs = null!;
    private ServiceProvider? _services;

    [SetUp]
    public async Task StartStub()
    {
        _stub = await AltinnStub.StartAsync();
        _logs = new CollectingLoggerProvider();
    }

    [TearDown]
    public async Task StopStub()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _stub.DisposeAsync();
    }

    [Test]
    public async Task GetPersonContacts_MapsEmailReservationAndMissingEmail()
    {
        _stub.Persons[Ola] = ("ola@example.com", false);
        _stub.Persons[Kari] = ("kari@example.com", true);
        _stub.Persons[Per] = ("", false);

        var contacts = await Registry().GetPersonContactsAsync([Ola, Kari, Per], CancellationToken.None);

        Assert.That(contacts, Is.EquivalentTo(new[]
        {
            new PersonContact(Ola, null, "ola@example.com", false),
            new PersonContact(Kari, null, "kari@example.com", true),
            new PersonContact(Per, null, null, false),
        }));
    }

    [Test]
    public async Task GetPersonContacts_TakesNamesFromRegister()
    {
        _stub.Persons[Ola] = ("ola@example.com", false);
        _stub.Persons[Kari] = ("kari@example.com", false);
        _stub.Names[Ola] = "Ola Nordmann";

        var contacts = await Registry().GetPersonContactsAsync([Ola, Kari], CancellationToken.None);

        Assert.That(contacts.Single(c => c.NationalIdentityNumber == Ola).Name, Is.EqualTo("Ola Nordmann"));
        Assert.That(contacts.Single(c => c.NationalIdentityNumber == Kari).Name, Is.Null);
    }

    [Test]
    public async Task GetOrganizationContacts_ReturnsEveryEmailAndTheName()
    {
        _stub.Organizations[Testbedrift] = ["post@testbedrift.example", "", null, "it@testbedrift.example"];
        _stub.Organizations[Tomt] = [];
        _stub.Names[Testbedrift] = "Testbedrift AS";

        var contacts = await Registry().GetOrganizationContactsAsync([Testbedrift, Tomt], CancellationToken.None);

        var testbedrift = contacts.Single(c => c.OrganizationNumber == Testbedrift);
        Assert.That(testbedrift.Name, Is.EqualTo("Testbedrift AS"));
        Assert.That(testbedrift.Emails, Is.EqualTo(new[] { "post@testbedrift.example", "it@testbedrift.example" }));
        Assert.That(contacts.Single(c => c.OrganizationNumber == Tomt).Emails, Is.Empty);
    }

    [Test]
    public async Task Lookups_LeaveUnknownNumbersOut()
    {
        _stub.Persons[Ola] = ("ola@example.com", false);
        _stub.Organizations[Testbedrift] = ["post@testbedrift.example"];
        var registry = Registry();

        var persons = await registry.GetPersonContactsAsync([Ola, Unknown], CancellationToken.None);
        var organizations = await registry.GetOrganizationContactsAsync([Testbedrift, Tomt], CancellationToken.None);

        Assert.That(persons.Select(p => p.NationalIdentityNumber), Is.EqualTo(new[] { Ola }));
        Assert.That(organizations.Select(o => o.OrganizationNumber), Is.EqualTo(new[] { Testbedrift }));
    }

    [Test]
    public async Task Lookups_SendTheRequestShapesOfSpecSection7()
    {
        var registry = Registry();

        await registry.GetPersonContactsAsync([Ola, Ola], CancellationToken.None);
        await registry.GetOrganizationContactsAsync([Testbedrift], CancellationToken.None);

        var persons = JsonNode.Parse(_stub.RequestsTo(AltinnStub.PersonsPath).Single().Body)!;
        Assert.That(persons["nationalIdentityNumbers"]!.ToJsonString(), Is.EqualTo($"[\"{Ola}\"]"), "duplicates are asked about once");
        Assert.That(persons["useStaleContactInfo"]!.GetValue<bool>(), Is.False);
        var organizations = JsonNode.Parse(_stub.RequestsTo(AltinnStub.OrganizationsPath).Single().Body)!;
        Assert.That(organizations["organizationNumbers"]!.ToJsonString(), Is.EqualTo($"[\"{Testbedrift}\"]"));
        var names = _stub.RequestsTo(AltinnStub.NamesPath).Select(r => JsonNode.Parse(r.Body)!["parties"]!.ToJsonString());
        Assert.That(names, Is.EquivalentTo(new[] { $"[{{\"ssn\":\"{Ola}\"}}]", $"[{{\"orgNo\":\"{Testbedrift}\"}}]" }));
    }

    [Test]
    public async Task GetPersonContacts_With2500Numbers_AsksInThreeChunksAndAnswersAll()
    {
        var nins = Enumerable.Range(0, 2_500).Select(i => (10_000_000_000L + i).ToString()).ToList();
        foreach (var nin in nins)
        {
            _stub.Persons[nin] = ($"p{nin}@example.com", false);
            _stub.Names[nin] = $"Person {nin}";
        }

        var contacts = await Registry().GetPersonContactsAsync(nins, CancellationToken.None);

        Assert.That(contacts.Select(c => c.NationalIdentityNumber), Is.EquivalentTo(nins));
        Assert.That(contacts.All(c => c.Name == $"Person {c.NationalIdentityNumber}" && c.Email == $"p{c.NationalIdentityNumber}@example.com"));
        Assert.That(_stub.RequestsTo(AltinnStub.PersonsPath).Select(r => r.Numbers.Count), Is.EquivalentTo(new[] { 1_000, 1_000, 500 }));
        Assert.That(_stub.RequestsTo(AltinnStub.NamesPath).Select(r => r.Numbers.Count), Is.EquivalentTo(new[] { 1_000, 1_000, 500 }));
    }

    [Test]
    public async Task Lookups_AskProfileAndRegisterConcurrently()
    {
        // Each answer waits for the other service's request to arrive: asked one after the other, both would fail.
        var profileArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registerArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _stub.BeforeAnswering = async (request, token) =>
        {
            var (mine, theirs) = request.Path == AltinnStub.NamesPath ? (registerArrived, profileArrived) : (profileArrived, registerArrived);
            mine.TrySetResult();
            await theirs.Task.WaitAsync(TimeSpan.FromSeconds(5), token);
        };
        _stub.Persons[Ola] = ("ola@example.com", false);
        _stub.Names[Ola] = "Ola Nordmann";

        var contacts = await Registry().GetPersonContactsAsync([Ola], CancellationToken.None);

        Assert.That(contacts.Single().Name, Is.EqualTo("Ola Nordmann"));
    }

    [Test]
    public async Task GetPersonContacts_WithNoNumbers_CallsNothing()
    {
        var contacts = await Registry().GetPersonContactsAsync([], CancellationToken.None);

        Assert.That(contacts, Is.Empty);
        Assert.That(_stub.Requests, Is.Empty);
    }

    [Test]
    public async Task Register_GetsThePlatformAccessToken_WhenOneIsConfigured()
    {
        var registry = Registry(("ContactRegistry:PlatformAccessToken", "pat-123"));

        await registry.GetPersonContactsAsync([Ola], CancellationToken.None);

        Assert.That(_stub.RequestsTo(AltinnStub.NamesPath).Single().PlatformAccessToken, Is.EqualTo("pat-123"));
        Assert.That(_stub.RequestsTo(AltinnStub.PersonsPath).Single().PlatformAccessToken, Is.Null);
    }

    [Test]
    public async Task Register_WithASigningKey_GetsAMintedFiveMinuteTokenFromPlatform_ReusedUntilAMinuteBeforeItExpires()
    {
        using var key = RSA.Create(2048);
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        var registry = Registry(clock, ("ContactRegistry:PlatformAccessTokenSigningKey", key.ExportPkcs8PrivateKeyPem()));

        await registry.GetPersonContactsAsync([Ola], CancellationToken.None);
        clock.Now += TimeSpan.FromMinutes(3.9);
        await registry.GetPersonContactsAsync([Ola], CancellationToken.None);
        clock.Now += TimeSpan.FromMinutes(0.2);
        await registry.GetPersonContactsAsync([Ola], CancellationToken.None);

        var tokens = _stub.RequestsTo(AltinnStub.NamesPath).Select(r => r.PlatformAccessToken).ToList();
        Assert.That(tokens, Has.Count.EqualTo(3));
        Assert.That(tokens[1], Is.EqualTo(tokens[0]), "reused within its first four minutes");
        Assert.That(tokens[2], Is.Not.EqualTo(tokens[0]), "renewed a minute before it expires");
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(tokens[0], new TokenValidationParameters
        {
            ValidIssuer = "platform",
            ValidateAudience = false,
            IssuerSigningKey = new RsaSecurityKey(key),
            ValidateLifetime = false,
        });
        Assert.That(validation.IsValid, Is.True, validation.Exception?.Message);
        var jwt = (JsonWebToken)validation.SecurityToken;
        Assert.That(jwt.GetClaim("urn:altinn:app").Value, Is.EqualTo("notifications"));
        Assert.That(jwt.ValidTo - jwt.IssuedAt, Is.EqualTo(TimeSpan.FromMinutes(5)));
    }

    [TestCase(AltinnStub.PersonsPath)]
    [TestCase(AltinnStub.NamesPath)]
    public void GetPersonContacts_WhenProfileOrRegisterAnswers500_ThrowsUnavailable(string failingPath)
    {
        _stub.Answer = r => r.Path == failingPath ? StubAnswer.With500 : StubAnswer.Normally;

        var e = Assert.ThrowsAsync<ContactRegistryUnavailableException>(() => Registry().GetPersonContactsAsync([Ola], CancellationToken.None))!;

        Assert.That(e.Message, Does.Contain("500"));
    }

    [Test]
    public void GetOrganizationContacts_WhenProfileAnswers500_ThrowsUnavailable()
    {
        _stub.Answer = r => r.Path == AltinnStub.OrganizationsPath ? StubAnswer.With500 : StubAnswer.Normally;

        Assert.ThrowsAsync<ContactRegistryUnavailableException>(() => Registry().GetOrganizationContactsAsync([Testbedrift], CancellationToken.None));
    }

    [Test]
    public void GetPersonContacts_WhenOneChunkOfManyFails_ThrowsUnavailable()
    {
        var nins = Enumerable.Range(0, 2_500).Select(i => (10_000_000_000L + i).ToString()).ToList();
        _stub.Answer = r => r.Path == AltinnStub.PersonsPath && r.Numbers.Contains(nins[1_500]) ? StubAnswer.With500 : StubAnswer.Normally;

        Assert.ThrowsAsync<ContactRegistryUnavailableException>(() => Registry().GetPersonContactsAsync(nins, CancellationToken.None));
    }

    [Test]
    public void GetPersonContacts_WhenProfileIsSlowerThanTheTimeout_ThrowsUnavailable()
    {
        _stub.Answer = r => r.Path == AltinnStub.PersonsPath ? StubAnswer.Slowly : StubAnswer.Normally;
        var registry = Registry(("ContactRegistry:TimeoutSeconds", "1"));
        var clock = Stopwatch.StartNew();

        var e = Assert.ThrowsAsync<ContactRegistryUnavailableException>(() => registry.GetPersonContactsAsync([Ola], CancellationToken.None))!;

        Assert.That(e.InnerException, Is.InstanceOf<OperationCanceledException>());
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void GetPersonContacts_WhenTheCallerCancels_ThrowsOperationCanceledRatherThanUnavailable()
    {
        _stub.Answer = _ => StubAnswer.Slowly;
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(
            () => Registry().GetPersonContactsAsync([Ola], cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void GetPersonContacts_WhenNothingListens_ThrowsUnavailable()
    {
        // A port that was free a moment ago: the connection is refused rather than timing out.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var registry = Registry(
            ("ContactRegistry:ProfileBaseUrl", $"http://127.0.0.1:{port}/profile/api/v1/"),
            ("ContactRegistry:RegisterBaseUrl", $"http://127.0.0.1:{port}/register/api/v1/"));

        var e = Assert.ThrowsAsync<ContactRegistryUnavailableException>(() => registry.GetPersonContactsAsync([Ola], CancellationToken.None))!;

        Assert.That(e.InnerException, Is.InstanceOf<HttpRequestException>());
    }

    [TestCase(AltinnStub.PersonsPath, StubAnswer.WithGarbage)]
    [TestCase(AltinnStub.PersonsPath, StubAnswer.WithoutTheList)]
    [TestCase(AltinnStub.NamesPath, StubAnswer.WithGarbage)]
    [TestCase(AltinnStub.NamesPath, StubAnswer.WithoutTheList)]
    public void GetPersonContacts_WhenAnAnswerIsNotTheExpectedJson_ThrowsUnavailable(string path, StubAnswer answer)
    {
        _stub.Answer = r => r.Path == path ? answer : StubAnswer.Normally;

        Assert.ThrowsAsync<ContactRegistryUnavailableException>(() => Registry().GetPersonContactsAsync([Ola], CancellationToken.None));
    }

    [Test]
    public void GetOrganizationContacts_WhenProfileAnswersGarbage_ThrowsUnavailable()
    {
        _stub.Answer = r => r.Path == AltinnStub.OrganizationsPath ? StubAnswer.WithGarbage : StubAnswer.Normally;

        Assert.ThrowsAsync<ContactRegistryUnavailableException>(() => Registry().GetOrganizationContactsAsync([Testbedrift], CancellationToken.None));
    }

    [Test]
    public async Task Lookups_NeverLogOrThrowNinsOrEmailAddresses()
    {
        _stub.Persons[Ola] = ("ola@example.com", true);
        _stub.Organizations[Testbedrift] = ["post@testbedrift.example"];
        var registry = Registry();
        await registry.GetPersonContactsAsync([Ola, Unknown], CancellationToken.None);
        await registry.GetOrganizationContactsAsync([Testbedrift], CancellationToken.None);
        _stub.Answer = _ => StubAnswer.With500;
        var failure = Assert.ThrowsAsync<ContactRegistryUnavailableException>(() => registry.GetPersonContactsAsync([Ola], CancellationToken.None))!;
        _stub.Answer = _ => StubAnswer.WithGarbage;
        var garbage = Assert.ThrowsAsync<ContactRegistryUnavailableException>(() => registry.GetPersonContactsAsync([Ola], CancellationToken.None))!;

        var written = _logs.Messages.Append(failure.Message).Append(garbage.Message).Append(garbage.InnerException?.Message ?? "").ToList();
        Assert.That(_logs.Messages, Is.Not.Empty);
        Assert.That(written, Has.None.Contains(Ola).And.None.Contains(Unknown).And.None.Contains("@"));
    }

    /// <summary>The registry as the host builds it: <c>AddIntegrations</c> with <c>ContactRegistry:Provider</c> = AltinnProfile.</summary>
    private IContactRegistry Registry(params (string Key, string? Value)[] overrides) => Registry(null, overrides);

    private IContactRegistry Registry(TimeProvider? clock, params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ContactRegistry:Provider"] = "AltinnProfile",
            ["ContactRegistry:ProfileBaseUrl"] = _stub.ProfileBaseUrl,
            ["ContactRegistry:RegisterBaseUrl"] = _stub.RegisterBaseUrl,
            ["ContactRegistry:TimeoutSeconds"] = "10",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddIntegrations(configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        return _services.GetRequiredService<IContactRegistry>();
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Collector(Messages);

        public void Dispose()
        {
        }

        private sealed class Collector(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception) + (exception is null ? "" : " " + exception));
        }
    }
}
