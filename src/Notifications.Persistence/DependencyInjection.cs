using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Persistence.Availability;

namespace Notifications.Persistence;

public static class DependencyInjection
{
    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Notifications")
            ?? throw new InvalidOperationException("ConnectionStrings:Notifications is not configured.");
        // One pool for EF Core and the dispatch SQL.
        services.AddSingleton(_ => NpgsqlDataSource.Create(WithPoolDefaults(connectionString)));
        services.AddKeyedSingleton(PostgresWakeChannel.ListenerKey, (_, _) => PostgresWakeChannel.CreateListenerDataSource(connectionString));
        services.AddDbContextPool<NotificationsDbContext>((sp, options) => options.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddScoped<IOrderRepository, OrderRepository>();
        services.AddScoped<IOrderChainStore, OrderChainStore>();
        services.AddSingleton<IStatusFeed, StatusFeed>();
        services.AddScoped<IInstantEmailStore, InstantEmailStore>();
        services.AddScoped<IOrderQueue, OrderQueue>();
        services.AddScoped<IEmailQueue, EmailQueue>();
        services.AddScoped<IOrderCompletion, OrderCompletion>();
        services.AddScoped<IProviderGate, ProviderGate>();
        services.AddScoped<IOperationPolls, OperationPolls>();
        services.AddScoped<IDeliveryReportStore, DeliveryReportStore>();
        services.AddScoped<IMaintenanceStore, MaintenanceStore>();
        services.AddScoped<IRetentionStore, RetentionStore>();
        services.AddSingleton<IBacklogReader, BacklogReader>();
        services.AddSingleton<IStatisticsStore, StatisticsStore>();
        services.AddSingleton<IWebhookSubscriptions, WebhookSubscriptionStore>();
        services.AddSingleton<WebhookQueue>();
        services.AddSingleton<IWebhookQueue>(sp => sp.GetRequiredService<WebhookQueue>());
        services.AddSingleton<IWebhookLagReader>(sp => sp.GetRequiredService<WebhookQueue>());
        // Registered here, before the jobs' hosted services, so its first attempt runs before the scheduler starts.
        services.AddSingleton<DatabaseReadiness>();
        services.AddHostedService<DatabaseMigrator>();
        services.AddSingleton<PostgresWakeChannel>();
        services.AddSingleton<IClusterWakeChannel>(sp => sp.GetRequiredService<PostgresWakeChannel>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresWakeChannel>());
        return services;
    }

    /// <summary>
    /// The shared data source's defaults (docs/decisions/009-prepared-statements.md), each unless the connection string
    /// sets it itself:
    /// <list type="bullet">
    /// <item>Prepares the statements a connection runs again and again (every statement here is one of a fixed set), so
    /// PostgreSQL parses and plans each once per connection instead of on every call: under intake and instant load that
    /// was a third of the database's CPU. <c>Max Auto Prepare=0</c> turns it off, e.g. behind a transaction-pooling
    /// PgBouncer.</item>
    /// <item>Returns connections to the pool without resetting their session (<c>No Reset On Close=true</c>): the service
    /// leaves no session state behind (no <c>SET</c>, session advisory locks, temporary tables or <c>LISTEN</c> on this
    /// data source), and the reset was six more statements per request, a fifth of the database's CPU in chain intake.</item>
    /// </list>
    /// </summary>
    public static string WithPoolDefaults(string connectionString)
    {
        // Npgsql's own builder answers ContainsKey for every keyword it knows; the plain one only for those given.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>Applies pending migrations; EF Core takes a database lock, so hosts starting together do not race.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NotificationsDbContext>().Database.MigrateAsync(cancellationToken);
    }
}
