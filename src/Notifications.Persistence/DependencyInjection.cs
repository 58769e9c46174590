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
        services.AddSingleton(_ => NpgsqlDataSource.Create(WithAutoPrepare(connectionString)));
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
    /// Prepares the statements a connection runs again and again (every statement here is one of a fixed set), so
    /// PostgreSQL parses and plans each once per connection instead of on every call: under intake and instant load
    /// that was a third of the database's CPU (docs/decisions/009-prepared-statements.md). A connection string that
    /// sets <c>Max Auto Prepare</c> itself (0 turns it off, e.g. behind a transaction-pooling PgBouncer) wins.
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        // Npgsql's own builder answers ContainsKey for every keyword it knows; the plain one only for those given.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 }.ConnectionString;
    }

    /// <summary>Applies pending migrations; EF Core takes a database lock, so hosts starting together do not race.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NotificationsDbContext>().Database.MigrateAsync(cancellationToken);
    }
}
