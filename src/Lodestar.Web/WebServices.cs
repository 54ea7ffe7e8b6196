using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lodestar.Accounts;
using Lodestar.Audit;
using Lodestar.Data;
using Lodestar.Setup;
using Lodestar.Web.Auth;
using Lodestar.Web.Common;
using Lodestar.Web.Operations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Lodestar.Web;

public static class WebServices
{
    public const string ApiPolicy = "api";
    public const string AdminPolicy = "admin";
    private const string SmartScheme = "cookie-or-bearer";

    /// <summary>api.md: Lodestar listens on http://localhost:5080 unless --urls (or ASPNETCORE_URLS) says otherwise.</summary>
    public static void UseLodestarDefaultUrl(this IWebHostBuilder host)
    {
        if (string.IsNullOrEmpty(host.GetSetting(WebHostDefaults.ServerUrlsKey)))
        {
            host.UseUrls("http://localhost:5080");
        }
    }

    /// <summary>LODESTAR_LOG_FORMAT=json: one JSON object per log line (for a log collector); otherwise plain single lines.</summary>
    public static void UseLodestarLogFormat(this ILoggingBuilder logging, IConfiguration config)
    {
        logging.ClearProviders();
        if (string.Equals(config["LODESTAR_LOG_FORMAT"], "json", StringComparison.OrdinalIgnoreCase))
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
            });
        }
    }

    public static IServiceCollection AddLodestarWeb(this IServiceCollection services, IConfiguration config)
    {
        // Every setting is read now, so a bad value stops the start naming its variable and what it takes, not a request later.
        Settings.Check(config, [.. LodestarServices.SettingsClasses, Settings.Read<Publishing.PublicOptions>]);
        services.AddTrustedProxies(config);
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddHttpContextAccessor();
        services.AddUnreadableBodyAnswers();
        services.AddScoped<IAuditActor, HttpAuditActor>();
        services.AddSingleton<SessionCheck>();
        services.AddSingleton<SignInCounts>();
        services.AddScoped<SignInGuard>();
        services.AddScoped<Audit.AuditQueries>();
        services.AddScoped<Tasks.TaskAccess>();
        services.AddScoped<Reporting.ReportAccess>();
        services.AddScoped<Work.ReviewDesk>();
        services.AddScoped<Publishing.PublicDatasets>();
        services.AddScoped<Steering.SteeringAccess>();
        services.AddScoped<Steering.PackFiles>();
        services.AddSingleton<Signing.EvidenceSignatures>();
        services.AddSingleton<Common.KeptJson>();

        // The database is prepared while the web server starts (see DatabaseStartup): hosted services start side by side.
        services.AddSingleton<Operations.DatabaseStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<Operations.DatabaseStartup>());
        services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        services.AddHostedService<Tasks.TaskDailyService>();
        services.AddLodestarTelemetry(config);
        services.AddScoped<Scorecards.ScorecardLoader>();
        services.AddHostedService<Notifications.WeeklyDigestService>();
        services.AddHostedService<Notifications.NoticeMailService>();
        services.AddHostedService<Analytics.AnalyticsFollower>();
        services.AddSingleton<Lodestar.Connectors.IConnectorSecrets, Connectors.DataProtectionSecrets>();
        services.AddSingleton<Lodestar.Signing.IPersonalKeySecrets, Signing.PersonalKeySecrets>();
        services.AddHostedService<Connectors.ConnectorScheduler>();
        services.AddHostedService<Connectors.WebhookDispatcher>();

        // Keys (cookies, bearer tokens) live in the data directory, so sign-ins survive a restart; with a certificate they
        // are written encrypted, so a copy of the directory or of a backup cannot mint sessions without it.
        var keys = services.AddDataProtection().SetApplicationName("Lodestar");
        if (KeysCertificate(config) is { } certificate)
        {
            keys.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        services.AddOptions<KeyManagementOptions>().Configure<LodestarOptions, ILoggerFactory>((o, lodestar, logs) =>
            o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(lodestar.DataDirectory, "keys")), logs));

        // Pages sign in with a cookie, scripts with a bearer token, other systems with an API key; one scheme picks by the request.
        services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, SmartScheme, o => o.ForwardDefaultSelector = ctx =>
                ApiKeyAuthentication.Presents(ctx.Request) ? ApiKeyAuthentication.SchemeName
                : ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? IdentityConstants.BearerScheme
                : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = AuthApi.TokenLifetime)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(o =>
            {
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/denied";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Cookie.Name = SessionCheckMiddleware.CookieName;
                o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
            }));
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, p => p.RequireAuthenticatedUser())
            .AddPolicy(AdminPolicy, p => p.RequireRole(Roles.Admin));
        services.AddCascadingAuthenticationState();

        services.AddRequestLocalization(o =>
        {
            // Neutral "vi"/"en" too, so a plain "Accept-Language: en" is honoured.
            var cultures = new[] { new CultureInfo("vi-VN"), new CultureInfo("en-US"), new CultureInfo("vi"), new CultureInfo("en") };
            o.DefaultRequestCulture = new RequestCulture("vi-VN");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.ApplyCurrentCultureToResponseHeaders = true;

            // Pages are Vietnamese unless the reader picked English (cookie or ?culture=); the API follows Accept-Language.
            var acceptLanguage = new AcceptLanguageHeaderRequestCultureProvider();
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new CustomRequestCultureProvider(ctx => ctx.Request.Path.StartsWithSegments("/api")
                    ? acceptLanguage.DetermineProviderCultureResult(ctx)
                    : Task.FromResult<ProviderCultureResult?>(null)),
            ];
        });

        // Enums travel as the documented lower-case words ("submitted", "on-track"), never as numbers.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new Lodestar.Common.ApiCodeJsonConverter()));
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "Lodestar API";
                doc.Info.Description = "Digital transformation targets, tasks, reports and indexes of a Vietnamese province. See docs/api.md.";
                return Task.CompletedTask;
            });
            o.AddSchemaTransformer(ApiCodeSchemas.DescribeAsync);
        });
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database").AddCheck<Analytics.ChangeFeedHealthCheck>("change-feed");

        // Pages, styles and scripts go compressed (chart.js and Leaflet shrink to a third). Compressing pages over HTTPS
        // is safe here because the one secret they carry, the antiforgery token, is encrypted afresh for every response
        // (data protection: random IV), so BREACH has nothing stable to guess. JSON answers are not compressed, so the
        // API spends no CPU on it (the map boundaries compress themselves once and are kept).
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.MimeTypes = ["text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml"];
        });
        services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Optimal);
        services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Optimal);
        services.AddRazorComponents();
        return services;
    }

    public static void UseLodestarPipeline(this WebApplication app)
    {
        app.UseSecurityHeaders();

        // A request that comes while the database is still being prepared waits for it.
        var database = app.Services.GetRequiredService<Operations.DatabaseStartup>().Ready;
        app.Use(async (context, next) =>
        {
            if (!database.IsCompletedSuccessfully)
            {
                await database.WaitAsync(context.RequestAborted);
            }

            await next(context);
        });

        // Errors: the API answers problem+json (ApiExceptionHandler, then the outer status-code pages); pages answer with
        // Components/ErrorPage.razor in the layout, with a way back (the inner status-code pages re-execute to it).
        // Each error page renders in a scope of its own: the failed page may have used the request's component services.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/loi/500", CreateScopeForErrors = true });
        app.UseStatusCodePages();
        app.UseStatusCodePagesWithReExecute("/loi/{0}", createScopeForStatusCodePages: true);
        app.Use(ErrorPageRequestAsync);
        app.UseRequestLocalization();
        app.UseResponseCompression();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseSessionCheck();
        app.UseReadYourWrites();
        app.UseOwnWritesNoted();
        app.UseRequiredTwoFactor();
        app.UseCookieApiAntiforgery();
        app.UseIdempotencyKeys();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseUnreadableBodyAnswers();
    }

    /// <summary>
    /// The API keeps its problem+json (the inner status-code pages are off for it). A request re-executed to an error page
    /// is read as a GET, whatever the failed request was (a form post, a JSON body); it starts as 200 because a component
    /// endpoint that starts with a 404 writes no body (it leaves it to the router's not-found page), and the error page
    /// sets its own status as its answer starts.
    /// </summary>
    private static async Task ErrorPageRequestAsync(HttpContext context, RequestDelegate next)
    {
        if (IsApi(context))
        {
            context.Features.Get<IStatusCodePagesFeature>()!.Enabled = false;
            await next(context);
            return;
        }

        if (context.Features.Get<IStatusCodeReExecuteFeature>() is null && context.Features.Get<IExceptionHandlerFeature>() is null)
        {
            await next(context);
            return;
        }

        var method = context.Request.Method;
        context.Request.Method = HttpMethods.Get;
        context.Response.StatusCode = StatusCodes.Status200OK;
        try
        {
            await next(context);
        }
        finally
        {
            context.Request.Method = method;
        }
    }

    internal const string ApiPrefix = "/api";

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments(ApiPrefix);

    private static Task ApiAwareRedirect(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    private sealed class DatabaseHealthCheck(LodestarDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database does not answer.");
    }

    /// <summary>
    /// LODESTAR_KEYS_CERT (a PKCS#12 file with its private key) and LODESTAR_KEYS_CERT_PASSWORD: the certificate that
    /// encrypts the data-protection keys at rest. A file that cannot be read stops the start, naming the variable.
    /// </summary>
    private static X509Certificate2? KeysCertificate(IConfiguration config)
    {
        var path = config["LODESTAR_KEYS_CERT"];
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, config["LODESTAR_KEYS_CERT_PASSWORD"], X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"LODESTAR_KEYS_CERT: không đọc được chứng thư {path} (sai đường dẫn, sai LODESTAR_KEYS_CERT_PASSWORD hoặc không phải tệp PKCS#12). / " +
                $"LODESTAR_KEYS_CERT: cannot read the certificate {path} (wrong path, wrong LODESTAR_KEYS_CERT_PASSWORD, or not a PKCS#12 file): {e.Message}", e);
        }

        return certificate.HasPrivateKey && certificate.GetRSAPublicKey() is not null
            ? certificate
            : throw new InvalidOperationException(
                $"LODESTAR_KEYS_CERT: chứng thư {path} phải là khoá RSA kèm khoá bí mật. / LODESTAR_KEYS_CERT: the certificate {path} must be an RSA key with its private key.");
    }
}
