using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lodestar.Testing;

public static class PinnedClockHosting
{
    /// <summary>Makes the clock the app's TimeProvider: every "today", stamp, deadline and demo date of the host comes from it.</summary>
    public static IWebHostBuilder UsePinnedClock(this IWebHostBuilder builder, TimeProvider clock) =>
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton(clock)));
}
