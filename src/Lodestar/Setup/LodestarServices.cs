using Lodestar.Accounts;
using Lodestar.Audit;
using Lodestar.Data;
using Lodestar.Demo;
using Lodestar.Notifications;
using Lodestar.OrgUnits;
using Lodestar.People;
using Lodestar.Programmes;
using Lodestar.Progress;
using Lodestar.Reorganisations;
using Lodestar.Tasks;
using Lodestar.Values;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lodestar.Setup;

public static class LodestarServices
{
    /// <summary>
    /// The settings classes of the domain, each read from its LODESTAR_* variables (README configuration table). Each host
    /// reads them all with <see cref="Settings.Check"/> before anything else, so a bad value stops the start naming its variable.
    /// </summary>
    public static readonly Func<IConfiguration, List<string>, object>[] SettingsClasses =
    [
        LodestarOptions.Check, Settings.Read<MailOptions>, Settings.Read<DigestOptions>, Settings.Read<NoticeMailOptions>, Settings.Read<TaskOptions>,
        Settings.Read<Reporting.ReportOptions>, Settings.Read<Operations.MetricsOptions>, Settings.Read<Scorecards.ScorecardOptions>,
        Settings.Read<Analytics.AnalyticsOptions>, Settings.Read<Connectors.ConnectorOptions>, Signing.SigningOptions.Check,
    ];

    /// <summary>Everything the domain needs, for the web host and the CLI alike.</summary>
    public static IdentityBuilder AddLodestar(this IServiceCollection services, IConfiguration config)
    {
        // Options are read when first needed, so a host (or a test) may still add configuration after this call.
        services.AddSingleton(sp => LodestarOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => Settings.Read<MailOptions>(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => Settings.Read<DigestOptions>(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => Settings.Read<NoticeMailOptions>(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => Settings.Read<TaskOptions>(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => Settings.Read<Reporting.ReportOptions>(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => Settings.Read<Operations.MetricsOptions>(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => Settings.Read<Analytics.AnalyticsOptions>(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => Settings.Read<Signing.SigningOptions>(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<Signing.DocumentSigner>();
        services.AddSingleton<Signing.SignatureVerifier>();
        services.AddScoped<Signing.PersonalCertificateService>();
        services.TryAddSingleton(config);
#pragma warning disable RS0030 // The composition root is the one place the system clock is chosen; tests register a pinned one first.
        services.TryAddSingleton(TimeProvider.System);
#pragma warning restore RS0030
        services.TryAddScoped<IAuditActor, SystemActor>();
        services.AddDbContext<LodestarDbContext>((sp, o) => UseDatabase(o, sp.GetRequiredService<LodestarOptions>()));

        // Reads that may be a little behind go to the standbys of LODESTAR_DB_REPLICAS when set (ADR 0027), else here.
        services.AddSingleton<ReplicaReads>();
        services.AddScoped(sp => new StaleReads(sp.GetRequiredService<LodestarDbContext>(), sp.GetRequiredService<ReplicaReads>(),
            sp.GetRequiredService<IAuditActor>(), sp.GetRequiredService<TimeProvider>()));

        services.AddScoped<OrgUnitQueries>();
        services.AddScoped<OrgUnitService>();
        services.AddScoped<ReorganisationService>();
        services.AddScoped<DigitalTeamService>();
        services.AddScoped<DigitalTeamSheets>();
        services.AddScoped<PeopleService>();
        services.AddScoped<OfficialUnitImporter>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<DemoAccounts>();
        services.AddScoped<ProgrammeDemo>();
        services.AddScoped<DtiDemo>();
        services.AddScoped<Dti.DtiQueries>();
        services.AddScoped<Dti.DtiWorkflow>();
        services.AddScoped<Dti.DtiYearConfirmation>();
        services.AddScoped<Dti.SteeringCommitteeQueries>();
        services.AddScoped<Dti.DtiFrameworkImport>();
        services.AddScoped<Dti.DtiPublishedImport>();
        services.AddScoped<DataValueService>();
        services.AddScoped<DataValueQueries>();
        services.AddScoped<BulkValueImport>();

        // Connectors (Connectors/README.md); the host provides IConnectorSecrets (the web app: data protection).
        services.AddSingleton(sp => Settings.Read<Connectors.ConnectorOptions>(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<Connectors.ConnectorHttp>();
        services.AddScoped<Connectors.ConnectorService>();
        services.AddScoped<Connectors.ConnectorRunner>();
        services.AddScoped<Connectors.ConnectorJob>();
        services.AddScoped<Connectors.WebhookService>();
        services.AddScoped<Connectors.WebhookSender>();
        services.AddScoped<Connectors.Dhis2Export>();
        services.AddSingleton<Analytics.LiveAnalytics>();
        services.AddSingleton<FigureCache>();
        services.AddScoped<ProgrammeQueries>();
        services.AddScoped<ProgrammeService>();
        services.AddScoped<RevisionService>();
        services.AddScoped<ProgressService>();
        services.AddScoped<AccountService>();
        services.AddScoped<ApiKeyService>();
        services.AddScoped<AccountSheets>();
        services.AddScoped<AccessScope>();
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<HomeProvince>();
        services.AddScoped<TaskService>();
        services.AddScoped<TaskReportService>();
        services.AddScoped<TaskExtensionService>();
        services.AddScoped<TaskQueries>();
        services.AddScoped<TaskDailyJob>();
        services.AddScoped<NotificationService>();
        services.AddScoped<Work.ReviewQueries>();
        services.AddScoped<Work.MyWorkQueries>();
        services.AddScoped<Reporting.ReportingService>();
        services.AddScoped<Reporting.ReportQueries>();
        services.AddScoped<Reporting.ReportReminderJob>();
        services.AddScoped<Reporting.ReportReminderService>();
        services.AddScoped<Reporting.ReportingDemo>();
        services.AddScoped<Reporting.ReportSheets>();
        services.AddScoped<Reporting.ReportFormService>();
        services.AddScoped<Reporting.ReportEvidenceService>();
        services.AddScoped<Operations.BackupService>();
        services.AddScoped<Operations.NationalDataset>();
        services.AddScoped<Publishing.PublishingService>();
        services.AddScoped<Publishing.PublicData>();
        services.AddScoped<Publishing.PublishingDemo>();
        services.AddScoped<Steering.DashboardQueries>();
        services.AddSingleton<Steering.DashboardCache>();
        services.AddScoped<Steering.MeetingService>();
        services.AddScoped<Steering.SteeringDemo>();
        services.TryAddSingleton<IMailSender, SmtpMailSender>();
        services.AddScoped<Maps.MapQueries>();
        services.AddSingleton(sp => Settings.Read<Scorecards.ScorecardOptions>(sp.GetRequiredService<IConfiguration>()).Rules);
        services.AddScoped<Scorecards.ScorecardService>();
        services.AddScoped<WeeklyDigestJob>();
        services.AddScoped<NoticeMail>();
        services.AddScoped<NotificationPreferenceService>();

        return services
            .AddIdentityCore<LodestarUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole<int>>()
            .AddEntityFrameworkStores<LodestarDbContext>()
            .AddErrorDescriber<VietnameseIdentityErrors>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddTokenProvider<AuthenticatorTokenProvider<LodestarUser>>(TokenOptions.DefaultAuthenticatorProvider)
            .AddClaimsPrincipalFactory<LodestarClaimsFactory>();
    }

    public static void UseDatabase(DbContextOptionsBuilder o, LodestarOptions options)
    {
        if (options.UsesPostgres)
        {
            o.UseNpgsql(options.PostgresConnection);
        }
        else
        {
            CreateDataDirectory(options.DataDirectory);
            o.UseSqlite($"Data Source={options.SqlitePath}");
        }
    }

    /// <summary>
    /// The data directory (database, evidence, the keys that protect sign-ins) is created readable by the service account
    /// only; an existing one keeps the rights its operator gave it.
    /// </summary>
    public static void CreateDataDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
