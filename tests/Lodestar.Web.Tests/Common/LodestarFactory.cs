using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lodestar.Accounts;
using Lodestar.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Web.Tests.Common;

/// <summary>
/// One Lodestar for the whole assembly: a temporary data directory, the official units (the import takes
/// seconds, so it happens once), the demo province and a known administrator password. Tests that write
/// (appointments, lockouts) use their own users or assert only on what they added. With
/// LODESTAR_WEB_TEST_PROVIDER=postgres the app runs on a new database of the LODESTAR_TEST_POSTGRES server instead of
/// the embedded SQLite file (test.sh runs the whole suite so, after the run on SQLite).
/// </summary>
public sealed class LodestarFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminPassword = "Quan-Tri-Kiem-Thu-2026";

    /// <summary>The password of every account the tests create (≥ 10 characters, upper, lower, digit).</summary>
    public const string UserPassword = "Nguoi-Dung-Kiem-Thu-2026";

    public static readonly WebApplicationFactoryClientOptions NoRedirects = new() { AllowAutoRedirect = false, HandleCookies = false };

    /// <summary>The app's clock: the fixed test date (TestTime), running on from there.</summary>
    public PinnedClock Clock { get; } = TestTime.NewClock();

    /// <summary>The date (yyyy-MM-dd) so many days after the app's today: deadlines that stay ahead whatever the test date.</summary>
    public string InDays(int days) => Dates.Today(Clock).AddDays(days).ToIso();

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "lodestar-web-tests-" + Guid.NewGuid().ToString("N"));
    private readonly ConcurrentDictionary<string, Lazy<Task<HttpClient>>> _clients = new();
    private Lazy<Task<DemoUnits>>? _demoUnits;
    private Lazy<Task<string>>? _otherProvinceCommune;
    private bool _deleted;
    private readonly string? _postgresDatabase = Environment.GetEnvironmentVariable("LODESTAR_WEB_TEST_PROVIDER") == "postgres"
        ? "lodestar_web_" + Guid.NewGuid().ToString("N")[..12]
        : null;

    /// <summary>True when the suite runs on PostgreSQL (LODESTAR_WEB_TEST_PROVIDER=postgres).</summary>
    public bool OnPostgres => _postgresDatabase is not null;

    private static string PostgresServer => Environment.GetEnvironmentVariable("LODESTAR_TEST_POSTGRES")
        ?? throw new InvalidOperationException("LODESTAR_WEB_TEST_PROVIDER=postgres needs LODESTAR_TEST_POSTGRES (a server connection string); run ./test.sh.");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("LODESTAR_DATA_DIR", _dataDir);
        builder.UseSetting("LODESTAR_ADMIN_PASSWORD", AdminPassword);
        builder.UseSetting("LODESTAR_DEMO", "true");
        if (_postgresDatabase is not null)
        {
            builder.UseSetting("LODESTAR_DB", new Npgsql.NpgsqlConnectionStringBuilder(PostgresServer) { Database = _postgresDatabase }.ConnectionString);
        }

        // The public endpoints' rate limit is off for the suite; Publishing/RateLimitTests turns it on in a host of its own.
        builder.UseSetting("LODESTAR_PUBLIC_RATE_LIMIT", "0");
        builder.UseSetting("LODESTAR_CONNECTOR_LOCAL", "true"); // the connector tests' sources listen on loopback
        builder.UsePinnedClock(Clock);
    }

    public async Task InitializeAsync()
    {
        if (_postgresDatabase is not null)
        {
            await using var connection = new Npgsql.NpgsqlConnection(PostgresServer);
            await connection.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {_postgresDatabase}", connection);
            await create.ExecuteNonQueryAsync();

            // On PostgreSQL the schema is the operator's step (the CLI's migrate), never the web app's.
            var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<Lodestar.Data.LodestarDbContext>()
                .UseNpgsql(new Npgsql.NpgsqlConnectionStringBuilder(PostgresServer) { Database = _postgresDatabase }.ConnectionString).Options;
            await using var db = new Lodestar.Data.LodestarDbContext(options, new Lodestar.Audit.SystemActor(), Clock);
            await db.Database.MigrateAsync();
        }

        // Starting the host migrates, imports the official units and seeds the demo province.
        _ = Services;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public override async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated && c.Value.IsCompletedSuccessfully))
        {
            client.Value.Result.Dispose();
        }

        await base.DisposeAsync();
        if (!_deleted && _postgresDatabase is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var connection = new Npgsql.NpgsqlConnection(PostgresServer);
            await connection.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        if (!_deleted && Directory.Exists(_dataDir))
        {
            _deleted = true;
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    /// <summary>
    /// A client with a bearer token of an account of this role scoped to the unit (null: the whole country).
    /// The account is created once; the national administrator is the built-in <c>admin</c>.
    /// </summary>
    public Task<HttpClient> ClientForAsync(string role, string? scopeCode) =>
        _clients.GetOrAdd($"{role}|{scopeCode}", _ => new Lazy<Task<HttpClient>>(async () =>
        {
            var userName = role == Roles.Admin && scopeCode is null ? "admin" : await CreateUserAsync(UserNameFor(role, scopeCode), role, scopeCode);
            var password = userName == "admin" ? AdminPassword : UserPassword;
            var client = CreateClient(NoRedirects);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(userName, password));
            return client;
        })).Value;

    public Task<HttpClient> AdminClientAsync() => ClientForAsync(Roles.Admin, null);

    /// <summary>Creates an account through the application's own service, as the accounts page does.</summary>
    public async Task<string> CreateUserAsync(string userName, string role, string? scopeCode)
    {
        await using var scope = Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var outcome = await accounts.CreateAsync(new NewAccount(userName, $"Kiểm thử {role}", null, role, scopeCode, UserPassword));
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {userName}: " + string.Join(" ", outcome.Problems.Select(p => p.Message.En)));
        }

        return userName;
    }

    public async Task<string> TokenAsync(string userName, string password)
    {
        using var client = CreateClient(NoRedirects);
        using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password });
        Assert.True(response.IsSuccessStatusCode, $"token for {userName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("token").GetString()!;
    }

    /// <summary>A cookie-carrying client that is not signed in and does not follow redirects, as pages are tested.</summary>
    public HttpClient CreatePageClient() => CreatePageClient(this);

    private static HttpClient CreatePageClient(WebApplicationFactory<Program> host) =>
        host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });

    /// <summary>Signs in through the real login form (antiforgery token, form name, fields) and keeps the cookie.</summary>
    public Task<HttpClient> SignInAsync(string userName, string password) => SignInAsync(this, userName, password);

    /// <summary>The same in another host (one made with <c>WithWebHostBuilder</c>).</summary>
    public static async Task<HttpClient> SignInAsync(WebApplicationFactory<Program> host, string userName, string password)
    {
        var client = CreatePageClient(host);
        var login = await Html.GetPageAsync(client, "/login");
        var form = Html.FormNamed(login, "login");
        using var response = await Html.SubmitAsync(client, form, "/login", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Redirect,
            $"sign-in of {userName}: expected a redirect, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    public Task<HttpClient> SignInAsAdminAsync() => SignInAsync("admin", AdminPassword);

    /// <summary>Units of the demo province the scope tests use, read once through the API as the administrator.</summary>
    public Task<DemoUnits> DemoUnitsAsync()
    {
        _demoUnits ??= new Lazy<Task<DemoUnits>>(async () =>
        {
            var admin = await AdminClientAsync();
            var communes = Api.Items(await Api.GetOkAsync(admin, $"/api/v1/org-units?parent={DemoUnits.Province}&level=commune&pageSize=2"))
                .Select(c => Api.Str(c, "code")).ToList();
            Assert.Equal(2, communes.Count);
            var villages = Api.Items(await Api.GetOkAsync(admin, $"/api/v1/org-units?parent={communes[0]}&level=village&pageSize=1"))
                .Select(v => Api.Str(v, "code")).ToList();
            Assert.True(villages.Count == 1, $"the demo gives the first commune of Lạng Sơn ({communes[0]}) villages");
            return new DemoUnits(communes[0], villages[0], communes[1]);
        });
        return _demoUnits.Value;
    }

    /// <summary>A commune of Hà Nội (province code 01): the scope of accounts of another province.</summary>
    public Task<string> OtherProvinceCommuneAsync()
    {
        _otherProvinceCommune ??= new Lazy<Task<string>>(async () =>
            Api.Str(Assert.Single(Api.Items(await Api.GetOkAsync(await AdminClientAsync(), $"/api/v1/org-units?parent={DemoUnits.OtherProvince}&level=commune&pageSize=1"))), "code"));
        return _otherProvinceCommune.Value;
    }

    public static string UserNameFor(string role, string? scopeCode) => $"t.{role}.{scopeCode ?? "vn"}";
}

/// <summary>A commune of Lạng Sơn that scoped accounts own, one of its villages, and a neighbour commune.</summary>
public sealed record DemoUnits(string Commune, string Village, string OtherCommune)
{
    public const string Province = "20";

    /// <summary>Hà Nội: another province, outside every scope of Lạng Sơn.</summary>
    public const string OtherProvince = "01";
}

[CollectionDefinition(Name)]
public sealed class SharedApp : ICollectionFixture<LodestarFactory>
{
    public const string Name = "Lodestar";
}
