using Lodestar.Setup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Tests.Analytics;

/// <summary>One Lodestar instance in this process (its own services and live model) on a test database.</summary>
internal static class AnalyticsInstance
{
    public static ServiceProvider Start(TestDatabase database, TimeProvider clock, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        more?.Invoke(services);
        services.AddSingleton(clock); // the instance keeps the test date, like the database's own stamps
        services.AddLodestar(new ConfigurationBuilder().AddInMemoryCollection(database.Settings()).Build());
        return services.BuildServiceProvider();
    }
}
