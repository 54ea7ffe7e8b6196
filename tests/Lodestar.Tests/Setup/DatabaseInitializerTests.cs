using Lodestar.Accounts;
using Lodestar.OrgUnits;
using Lodestar.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Tests.Setup;

/// <summary>The first start as a host runs it: through AddLodestar and the api.md settings.</summary>
public sealed class DatabaseInitializerTests
{
    [Fact]
    public async Task Initialize_WithoutDemo_LoadsTheOrganisationOnce_AndCreatesTheAdministrator()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = database.Settings();
        settings["LODESTAR_DEMO"] = "false";
        settings["LODESTAR_ADMIN_PASSWORD"] = "Quantri2026x";
        await using var services = Services(settings);

        await InitializeAsync(services);
        if (settings.TryGetValue("LODESTAR_DATA_DIR", out var dataDir) && !OperatingSystem.IsWindows())
        {
            // The SQLite file holds password hashes and every figure: the service account's alone.
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dataDir!, "lodestar.db")));
        }

        await using (var db = database.Context())
        {
            Assert.Equal(14138, await db.OrgUnits.CountAsync());
            Assert.False(await db.OrgUnits.AnyAsync(u => u.Level == OrgUnitLevel.Agency || u.Level == OrgUnitLevel.Village));
            Assert.False(await db.Positions.AnyAsync());
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<LodestarUser>>();
            var admin = await users.FindByNameAsync("admin");
            Assert.NotNull(admin);
            Assert.True(await users.CheckPasswordAsync(admin, "Quantri2026x"));
            Assert.Equal([Roles.Admin], await users.GetRolesAsync(admin));
        }

        int auditBefore;
        await using (var db = database.Context())
        {
            auditBefore = await db.AuditEntries.CountAsync();
        }

        // A second start finds everything in place and writes nothing.
        await InitializeAsync(services);
        await using (var db = database.Context())
        {
            Assert.Equal(14138, await db.OrgUnits.CountAsync());
            Assert.Equal(auditBefore, await db.AuditEntries.CountAsync());
            Assert.Equal(1, await db.Users.CountAsync()); // without the demo, no demo accounts either
        }
    }

    [Fact]
    public async Task Initialize_AfterAccountsMadeBeforeTheFirstStart_StillCreatesTheAdministrator()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = database.Settings();
        settings["LODESTAR_DEMO"] = "false";
        settings["LODESTAR_ADMIN_PASSWORD"] = "Quantri2026x";
        await using var services = Services(settings);
        await using (var scope = services.CreateAsyncScope())
        {
            // As the CLI's create-user (or generate-national) would, before the web app ever started (and before any unit to scope it to).
            await scope.ServiceProvider.GetRequiredService<AccountService>().EnsureRolesAsync();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<LodestarUser>>();
            var officer = new LodestarUser { UserName = "can.bo", FullName = "Cán bộ báo cáo" };
            Assert.True((await users.CreateAsync(officer, "Canbo2026xa")).Succeeded);
            Assert.True((await users.AddToRoleAsync(officer, Roles.ReportingOfficer)).Succeeded);
        }

        await InitializeAsync(services);

        await using (var scope = services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<LodestarUser>>();
            var admin = await users.FindByNameAsync("admin");
            Assert.NotNull(admin);
            Assert.True(await users.CheckPasswordAsync(admin, "Quantri2026x"));
        }
    }

    [Fact]
    public void DataDirectory_IsCreatedForTheServiceAccountOnly()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lodestar-data-" + Guid.NewGuid().ToString("N"));
        try
        {
            LodestarServices.CreateDataDirectory(dir);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
            }
        }
        finally
        {
            Directory.Delete(dir);
        }
    }

    [Fact]
    public async Task Initialize_WithAWeakAdminPassword_FailsAndSaysWhy()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = database.Settings();
        settings["LODESTAR_DEMO"] = "false";
        settings["LODESTAR_ADMIN_PASSWORD"] = "short";
        await using var services = Services(settings);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => InitializeAsync(services));
        Assert.Contains("LODESTAR_ADMIN_PASSWORD", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 10 characters", error.Message, StringComparison.Ordinal);
    }

    internal static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(TestTime.Clock); // the instance keeps the test date, like the database's own stamps
        services.AddLodestar(config);
        return services.BuildServiceProvider();
    }

    private static async Task InitializeAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    }
}
