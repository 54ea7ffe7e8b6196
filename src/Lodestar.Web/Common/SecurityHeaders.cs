using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Lodestar.Web.Common;

/// <summary>
/// What every response says to the browser, and which proxies are believed about the client (docs/security.md):
/// <list type="bullet">
/// <item>a Content-Security-Policy that runs only Lodestar's own script files (no inline script, no other origin), lets
/// no page frame Lodestar (<c>frame-ancestors 'none'</c>, and X-Frame-Options for older browsers) and posts forms only
/// to Lodestar; <c>nosniff</c>; a Referrer-Policy that sends no path to other sites;</item>
/// <item><c>X-Forwarded-For/-Proto/-Host</c> taken only from <c>LODESTAR_TRUSTED_PROXIES</c> (default: loopback), so
/// behind the reverse proxy cookies are Secure, redirects https and HSTS is sent, and each visitor has his own
/// rate-limit bucket.</item>
/// </list>
/// </summary>
public static class SecurityHeaders
{
    // Styles may be inline (style attributes of bars and map legends); scripts never. Images: own files, data: URIs of
    // the vendored map and chart libraries.
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration config)
    {
        var trusted = config["LODESTAR_TRUSTED_PROXIES"];
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            if (!string.IsNullOrWhiteSpace(trusted))
            {
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
                foreach (var entry in trusted.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (System.Net.IPNetwork.TryParse(entry, out var network))
                    {
                        o.KnownIPNetworks.Add(network);
                    }
                    else if (IPAddress.TryParse(entry, out var address))
                    {
                        o.KnownProxies.Add(address);
                    }
                    else
                    {
                        throw new InvalidOperationException(
                            $"LODESTAR_TRUSTED_PROXIES: '{entry}' is neither an IP address nor a CIDR range (e.g. 10.0.0.5 or 10.0.0.0/24).");
                    }
                }
            }

            // The Host a trusted proxy forwards is checked like the Host header itself (AllowedHosts).
            var allowed = config["AllowedHosts"];
            if (!string.IsNullOrWhiteSpace(allowed) && allowed.Trim() != "*")
            {
                o.AllowedHosts = allowed.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }
        });
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        return services;
    }

    /// <summary>First in the pipeline: the client as the trusted proxy saw it, then the headers of every response.</summary>
    public static void UseSecurityHeaders(this IApplicationBuilder app)
    {
        app.UseForwardedHeaders();
        app.UseHsts();
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            return next(context);
        });
    }
}
