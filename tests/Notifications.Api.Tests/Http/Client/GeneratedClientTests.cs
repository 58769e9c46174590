using Microsoft.Extensions.DependencyInjection;
using Notifications.Client;

namespace Notifications.Api.Tests.Http.Client;

/// <summary>The client generated from the committed OpenAPI document, against the real host with dispatch on.</summary>
public sealed class GeneratedClientTests : PipelineTestBase
{
    [Test]
    public async Task Client_PlacesAnOrder_AndReadsItsStatusAndNotifications()
    {
        using var http = new HttpClient(new NotificationsTokenHandler(bearerToken: _ => ValueTask.FromResult<string?>(TestTokens.Bearer()))
        {
            InnerHandler = new SocketsHttpHandler(),
        }) { BaseAddress = Client.BaseAddress };
        var client = new NotificationsApiClient(http);

        var accepted = await client.PostEmailOrderAsync(null, new EmailNotificationOrderRequestExt
        {
            Subject = "Hello $recipientName$",
            Body = "A message.",
            SendersReference = "client-test",
            Recipients = [new RecipientExt { EmailAddress = "client@example.com" }, new RecipientExt { OrganizationNumber = TestContacts.OrgWithEmail }],
        });

        Assert.That(accepted.OrderId, Is.Not.EqualTo(Guid.Empty));
        Assert.That(accepted.RecipientLookup!.Status, Is.EqualTo(RecipientLookupResultStatusExt.Success));
        await WaitForOrderStatusAsync(accepted.OrderId, "Completed");

        var status = await client.GetOrderStatusAsync(accepted.OrderId);
        Assert.That(status.ProcessingStatus.Status, Is.EqualTo("Completed"));
        Assert.That(status.SendersReference, Is.EqualTo("client-test"));
        Assert.That(status.NotificationsStatusSummary!.Email!.Succeeded, Is.EqualTo(status.NotificationsStatusSummary.Email.Generated));

        var notifications = await client.GetEmailNotificationsAsync(accepted.OrderId);
        Assert.That(notifications.OrderId, Is.EqualTo(accepted.OrderId));
        Assert.That(notifications.Notifications, Has.Count.GreaterThanOrEqualTo(2));
        Assert.That(notifications.Notifications.Select(n => n.SendStatus.Status), Is.All.EqualTo("Succeeded"));
        Assert.That(notifications.Notifications.Select(n => n.Recipient.EmailAddress), Does.Contain("client@example.com"));

        var found = await client.FindOrdersBySendersReferenceAsync("client-test");
        Assert.That(found.Orders.Select(o => o.Id), Is.EqualTo(new[] { accepted.OrderId }));
    }

    [Test]
    public async Task Client_PlacesAChainWithAReminder_ReadsAndCancelsIt_AndSendsAnInstantEmail()
    {
        using var http = new HttpClient(new NotificationsTokenHandler(bearerToken: _ => ValueTask.FromResult<string?>(TestTokens.Bearer())) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = Client.BaseAddress,
        };
        var client = new NotificationsApiClient(http);
        EmailSendingOptionsExt Settings() => new() { Subject = "Hello", Body = "A message.", ContentType = EmailContentTypeExt.Plain };

        var created = await client.PostFutureOrderAsync(new NotificationOrderChainRequestExt
        {
            IdempotencyId = "client-chain",
            SendersReference = "chain",
            RequestedSendTime = DateTimeOffset.UtcNow.AddHours(1),
            Recipient = new NotificationRecipientExt { RecipientEmail = new RecipientEmailExt { EmailAddress = "chain@example.com", EmailSettings = Settings() } },
            Reminders =
            [
                new NotificationReminderExt
                {
                    DelayDays = 7,
                    Recipient = new NotificationRecipientExt
                    {
                        RecipientOrganization = new RecipientOrganizationExt { OrgNumber = TestContacts.OrgWithEmail, ChannelSchema = NotificationChannelExt.EmailPreferred, EmailSettings = Settings() },
                    },
                },
            ],
        });
        var chain = await client.GetFutureOrderAsync(created.NotificationOrderId);
        Assert.That(chain.Shipments.Select(s => s.Type), Is.EqualTo(new[] { ShipmentTypeExt.Notification, ShipmentTypeExt.Reminder }));
        Assert.That(chain.Shipments[1].ShipmentId, Is.EqualTo(created.Notification.Reminders!.Single().ShipmentId));

        var cancelled = await client.CancelFutureOrderAsync(created.NotificationOrderId);
        Assert.That(cancelled.Shipments.Select(s => s.Status), Is.All.EqualTo("Order_Cancelled"));

        var instant = await client.PostInstantEmailOrderAsync(new InstantEmailNotificationOrderRequestExt
        {
            IdempotencyId = "client-instant",
            RecipientEmail = new InstantEmailRecipientExt
            {
                EmailAddress = "instant@example.com",
                EmailSettings = new InstantEmailSettingsExt { Subject = "Your code", Body = "493021" },
            },
        });
        Assert.That(instant.Notification.ShipmentId, Is.Not.EqualTo(Guid.Empty));
        Assert.That(PickedUpFiles().Select(File.ReadAllText), Has.Some.Contains("instant@example.com"), "sent before the answer");
        var unreachable = Assert.ThrowsAsync<NotificationsApiException<ProblemDetails>>(() => client.PostFutureOrderAsync(new NotificationOrderChainRequestExt
        {
            IdempotencyId = "client-422",
            Recipient = new NotificationRecipientExt
            {
                RecipientPerson = new RecipientPersonExt { NationalIdentityNumber = TestContacts.PersonWithoutEmailNin, ChannelSchema = NotificationChannelExt.Email, EmailSettings = Settings() },
            },
        }));
        Assert.That(unreachable!.StatusCode, Is.EqualTo(422));
        Assert.That(unreachable.Result.AdditionalProperties["code"]!.ToString(), Is.EqualTo("NOT-00001"));
    }

    [Test]
    public async Task Client_ReadsAShipmentAndFollowsTheFeed_AndManagesWebhooks()
    {
        using var http = new HttpClient(new NotificationsTokenHandler(bearerToken: _ => ValueTask.FromResult<string?>(TestTokens.Bearer())) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = Client.BaseAddress,
        };
        var client = new NotificationsApiClient(http);
        var accepted = await client.PostEmailOrderAsync(null, new EmailNotificationOrderRequestExt
        {
            Subject = "Hello", Body = "A message.", SendersReference = "client-feed", Recipients = [new RecipientExt { EmailAddress = "feed@example.com" }],
        });
        await WaitForOrderStatusAsync(accepted.OrderId, "Completed");

        var shipment = await client.GetShipmentAsync(accepted.OrderId.ToString());
        Assert.That(shipment.Status, Is.EqualTo("Order_Completed"));
        Assert.That(shipment.Recipients.Single().Destination, Is.EqualTo("feed@example.com"));
        ICollection<FeedEntryExt> feed = [];
        await WaitUntilAsync(async () => (feed = await client.GetShipmentFeedAsync(0, 500, "asc")).Count == 1, 10);
        Assert.That(feed.Single().ShipmentId, Is.EqualTo(accepted.OrderId));
        Assert.That(await client.GetShipmentFeedAsync(feed.Single().SequenceNumber, null, null), Is.Empty);

        var webhook = await client.PostWebhookAsync(new WebhookRequestExt { Url = "http://127.0.0.1:9/hooks" });
        Assert.That(webhook.Secret, Does.StartWith("whsec_"));
        Assert.That((await client.GetWebhooksAsync()).Select(w => w.Id), Is.EqualTo(new[] { webhook.Id }));
        await client.DeleteWebhookAsync(webhook.Id);
        Assert.That(await client.GetWebhooksAsync(), Is.Empty);
    }

    [Test]
    public async Task ClientRegisteredInDi_WithPlatformAccessToken_PlacesAndReadsAnOrder()
    {
        var services = new ServiceCollection();
        services.AddNotificationsClient(Client.BaseAddress!, platformAccessToken: _ => _ => ValueTask.FromResult<string?>(TestTokens.PlatformAccessToken("digdir", "digdir/app")));
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<INotificationsApiClient>();

        var accepted = await client.PostEmailOrderAsync("key-1", new EmailNotificationOrderRequestExt
        {
            Subject = "Hello", Body = "A message.", Recipients = [new RecipientExt { EmailAddress = "di@example.com" }],
        });
        var order = await client.GetOrderAsync(accepted.OrderId);

        Assert.That(order.Creator, Is.EqualTo("digdir"));
        Assert.That(order.EmailTemplate.ContentType, Is.EqualTo(EmailContentTypeExt.Plain));
        Assert.That(order.Recipients.Single().EmailAddress, Is.EqualTo("di@example.com"));
    }

    [Test]
    public async Task Client_TurnsProblemDetailsIntoTypedExceptions()
    {
        using var http = new HttpClient(new NotificationsTokenHandler(_ => ValueTask.FromResult<string?>(TestTokens.Bearer())) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = Client.BaseAddress,
        };
        var client = new NotificationsApiClient(http);

        var invalid = Assert.ThrowsAsync<NotificationsApiException<ValidationProblemDetails>>(() =>
            client.PostEmailOrderAsync(null, new EmailNotificationOrderRequestExt { Subject = "", Body = "b", Recipients = [new RecipientExt { EmailAddress = "a@example.com" }] }));
        Assert.That(invalid!.StatusCode, Is.EqualTo(400));
        Assert.That(invalid.Result.Errors!.Keys, Does.Contain("Subject"));

        var missing = Assert.ThrowsAsync<NotificationsApiException<ProblemDetails>>(() => client.GetOrderAsync(Guid.NewGuid()));
        Assert.That(missing!.StatusCode, Is.EqualTo(404));
        Assert.That(missing.Result.AdditionalProperties.Keys, Does.Contain("traceId"));
    }

    [Test]
    public async Task Client_PreviewsAnOrder_WithoutRegisteringIt()
    {
        using var http = new HttpClient(new NotificationsTokenHandler(_ => ValueTask.FromResult<string?>(TestTokens.Bearer())) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = Client.BaseAddress,
        };
        var client = new NotificationsApiClient(http);

        var preview = await client.PreviewEmailOrderAsync(new EmailNotificationOrderRequestExt
        {
            Subject = "Til $recipientName$",
            Body = "<b>$recipientName$</b>",
            ContentType = EmailContentTypeExt.Html,
            Recipients = [new RecipientExt { OrganizationNumber = TestContacts.OrgWithMarkupInName }, new RecipientExt { NationalIdentityNumber = TestContacts.ReservedNin }],
        });

        Assert.That(preview.TotalEmails, Is.EqualTo(2));
        Assert.That(preview.RecipientLookup!.Status, Is.EqualTo(RecipientLookupResultStatusExt.PartialSuccess));
        var smith = preview.Emails[0];
        Assert.That(smith.ToAddress, Is.EqualTo("post@smith.example"));
        Assert.That(smith.Subject, Is.EqualTo("Til Smith & Sønner <AS>"));
        Assert.That(smith.Body, Is.EqualTo("<b>Smith &amp; Sønner &lt;AS&gt;</b>"));
        Assert.That(smith.ContentType, Is.EqualTo(EmailContentTypeExt.Html));
        Assert.That(smith.Status, Is.EqualTo("New"));
        Assert.That(preview.Emails[1].Status, Is.EqualTo("Failed_RecipientReserved"));
        Assert.That(preview.Emails[1].ToAddress, Is.Null);
        Assert.That(await ScalarAsync<long>("SELECT count(*) FROM notifications.orders"), Is.Zero);
    }

    [Test]
    public async Task Client_ReadsStatistics_OfASentOrder_AndGetsA400AsAnException()
    {
        using var http = new HttpClient(new NotificationsTokenHandler(bearerToken: _ => ValueTask.FromResult<string?>(TestTokens.Bearer())) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = Client.BaseAddress,
        };
        var client = new NotificationsApiClient(http);
        var accepted = await client.PostEmailOrderAsync(null, new EmailNotificationOrderRequestExt
        {
            Subject = "Hello", Body = "A message.", Recipients = [new RecipientExt { EmailAddress = "stats@example.com" }],
        });
        await WaitForOrderStatusAsync(accepted.OrderId, "Completed");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var stats = await client.GetStatisticsAsync(today, today, "hour");

        Assert.That((stats.From.Date, stats.To.Date, stats.GroupBy, stats.Buckets.Count), Is.EqualTo((DateTime.UtcNow.Date, DateTime.UtcNow.Date, "hour", 24)));
        Assert.That((stats.Totals.Orders, stats.Totals.Emails["Succeeded"], stats.Totals.DeliveryRate), Is.EqualTo((1L, 1L, (double?)1.0)));
        Assert.That(stats.Totals.P50SendDelayMs, Is.Not.Null);
        Assert.That((stats.Backlog.New, stats.Backlog.Sending), Is.EqualTo((0L, 0L)));
        var refused = Assert.ThrowsAsync<NotificationsApiException<ValidationProblemDetails>>(() => client.GetStatisticsAsync(today, today, "week"));
        Assert.That(refused!.Result.Errors!.Keys, Is.EqualTo(new[] { "groupBy" }));
    }
}
