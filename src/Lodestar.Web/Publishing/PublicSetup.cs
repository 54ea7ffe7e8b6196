using System.Globalization;
using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Lodestar.Setup;

namespace Lodestar.Web.Publishing;

/// <summary>Open-data settings (README configuration table): licence, contact, and the public endpoints' rate limit.</summary>
public sealed class PublicOptions
{
    /// <summary>LODESTAR_PUBLIC_RATE_LIMIT: requests one client (IP address) may make per window; 0 turns the limit off.</summary>
    [ConfigurationKeyName("LODESTAR_PUBLIC_RATE_LIMIT")]
    [Range(0, 1_000_000)]
    public int RateLimit { get; init; } = 120;

    /// <summary>LODESTAR_PUBLIC_RATE_WINDOW: the window in seconds.</summary>
    [ConfigurationKeyName("LODESTAR_PUBLIC_RATE_WINDOW")]
    [Range(1, 86_400)]
    public int RateWindowSeconds { get; init; } = 60;

    /// <summary>LODESTAR_OPEN_DATA_LICENCE / _LICENCE_URL: the licence every dataset carries.</summary>
    [ConfigurationKeyName("LODESTAR_OPEN_DATA_LICENCE")]
    public string Licence { get; init; } = "CC BY 4.0";

    [ConfigurationKeyName("LODESTAR_OPEN_DATA_LICENCE_URL")]
    [Url]
    public string LicenceUrl { get; init; } = "https://creativecommons.org/licenses/by/4.0/deed.vi";

    /// <summary>LODESTAR_OPEN_DATA_CONTACT / _EMAIL: who answers for the open data (targets name their responsible unit too).</summary>
    [ConfigurationKeyName("LODESTAR_OPEN_DATA_CONTACT")]
    public string Contact { get; init; } = "Sở Khoa học và Công nghệ (cơ quan thường trực chuyển đổi số của tỉnh)";

    [ConfigurationKeyName("LODESTAR_OPEN_DATA_EMAIL")]
    [EmailAddress]
    public string? ContactEmail { get; init; }
}

public static class PublicSetup
{
    /// <summary>The CORS and rate-limiting policy of the read-only public endpoints and pages.</summary>
    public const string Policy = "public";

    public static IServiceCollection AddLodestarPublic(this IServiceCollection services)
    {
        services.AddSingleton(sp => Settings.Read<PublicOptions>(sp.GetRequiredService<IConfiguration>()));
        services.AddCors(o => o.AddPolicy(Policy, p => p.AllowAnyOrigin().WithMethods("GET", "HEAD").WithExposedHeaders("Retry-After", "Content-Disposition")));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry)
                    ? (int)Math.Ceiling(retry.TotalSeconds)
                    : context.HttpContext.RequestServices.GetRequiredService<PublicOptions>().RateWindowSeconds;
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, seconds).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };

            // One window per client address; the limit is read once from the configuration (0 = no limit).
            o.AddPolicy(Policy, http =>
            {
                var options = http.RequestServices.GetRequiredService<PublicOptions>();
                if (options.RateLimit <= 0)
                {
                    return RateLimitPartition.GetNoLimiter("off");
                }

                return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.RateLimit,
                    Window = TimeSpan.FromSeconds(options.RateWindowSeconds),
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }

    public static void UseLodestarPublic(this WebApplication app)
    {
        app.UseCors();
        app.UseRateLimiter();
    }
}
