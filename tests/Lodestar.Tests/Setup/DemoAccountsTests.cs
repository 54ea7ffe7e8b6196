using System.Text.RegularExpressions;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Demo;
using Lodestar.OrgUnits;
using Lodestar.Setup;
using Lodestar.Tests.Cli;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Tests.Setup;

/// <summary>
/// The demo's accounts, one per role, as the first start of a demo database makes them. In the console collection: the
/// test reads what the first start prints, so nothing else may write to the console meanwhile.
/// </summary>
[Collection(CliGroup.Name)]
public sealed partial class DemoAccountsTests
{
    [Fact]
    public async Task FirstStart_OfADemoDatabase_CreatesOneAccountPerRole_WithThePasswordPrintedOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = Services(database, "LODESTAR_ADMIN_PASSWORD", "Quantri2026x");

        var printed = await InitializeAsync(services);

        var password = PrintedPassword().Match(printed).Groups[1].Value;
        Assert.Matches("^Ls[A-Za-z2-9]{16}9$", password);
        Assert.DoesNotContain("first administrator", printed, StringComparison.Ordinal); // its password was configured
        await using (var scope = services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<LodestarUser>>();
            var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
            Assert.Equal([Roles.DxOffice, Roles.SteeringMember, Roles.UnitHead, Roles.ReportingOfficer, Roles.Viewer], DemoAccounts.All.Select(a => a.Role));
            foreach (var expected in DemoAccounts.All)
            {
                Assert.Contains(expected.UserName, printed, StringComparison.Ordinal);
                var user = await users.FindByNameAsync(expected.UserName);
                Assert.NotNull(user);
                Assert.Equal([expected.Role], await users.GetRolesAsync(user));
                Assert.Equal(expected.ScopeCode, await db.OrgUnits.Where(u => u.Id == user.ScopeUnitId).Select(u => u.Code).SingleAsync());
                Assert.True(await users.CheckPasswordAsync(user, password), expected.UserName);
            }

            // The head and the committee member are the people who hold those posts in the demo (the digest finds them so).
            var queries = scope.ServiceProvider.GetRequiredService<OrgUnitQueries>();
            var today = Dates.Today(TestTime.Clock);
            foreach (var (userName, unitCode) in new[] { ("demo.lanhdao", DemoAccounts.CommuneCode), ("demo.bcd", DemoAccounts.CommitteeAgencyCode) })
            {
                var head = await queries.HeadAsync((await queries.FindAsync(unitCode, today))!.Id, today);
                Assert.Equal(head!.Person, (await users.FindByNameAsync(userName))!.FullName);
            }

            Assert.Equal(DemoAccounts.All.Count + 1, await db.Users.CountAsync());
        }

        // A second start of the same database creates nobody and prints no password.
        var again = await InitializeAsync(services);
        Assert.DoesNotContain("password", again, StringComparison.Ordinal);
        await using (var db = database.Context())
        {
            Assert.Equal(DemoAccounts.All.Count + 1, await db.Users.CountAsync());
        }
    }

    [Fact]
    public async Task FirstStart_WithAWeakDemoPassword_FailsAndSaysWhy_BeforeLoadingAnything()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var services = Services(database, "LODESTAR_DEMO_PASSWORD", "short");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => InitializeAsync(services));

        Assert.Contains("LODESTAR_DEMO_PASSWORD", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 10 characters", error.Message, StringComparison.Ordinal);
        await using var db = database.Context();
        Assert.False(await db.OrgUnits.AnyAsync()); // a second start with a good password makes the demo and its accounts
    }

    [Fact]
    public void FirstSignIn_WithTheDemoPasswordConfigured_NamesTheVariable_NotThePassword()
    {
        var note = DatabaseInitializer.FirstSignIn("Ls2345abcdEFGH6789", new DemoAccountsCreated(DemoAccounts.All, null));

        Assert.Contains("user:     admin", note, StringComparison.Ordinal);
        Assert.Contains("password: Ls2345abcdEFGH6789", note, StringComparison.Ordinal);
        Assert.Contains("password of each: the one in LODESTAR_DEMO_PASSWORD", note, StringComparison.Ordinal);
        Assert.Contains("demo.canbo", note, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"password of each: (\S+)")]
    private static partial Regex PrintedPassword();

    /// <summary>A first start of the demo (the default) with one setting given.</summary>
    private static ServiceProvider Services(TestDatabase database, string key, string value)
    {
        var settings = database.Settings();
        settings[key] = value;
        return DatabaseInitializerTests.Services(settings);
    }

    private static async Task<string> InitializeAsync(ServiceProvider services)
    {
        var stdout = Console.Out;
        using var printed = new StringWriter();
        Console.SetOut(printed);
        try
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        }
        finally
        {
            Console.SetOut(stdout);
        }

        return printed.ToString();
    }
}
