using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Cli;

/// <summary>
/// Runs the real CLI entry point against a test database. The CLI reads its settings from environment
/// variables, which are process-wide, so these tests run alone.
/// </summary>
[Collection(CliGroup.Name)]
public sealed class CliTests
{
    [Fact]
    public async Task MigrateImportAndCreateUser_WorkAndImportIsIdempotent()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);

        var migrate = await RunAsync(database, "migrate");
        Assert.Equal(0, migrate.Code);
        await using (var context = database.Context())
        {
            Assert.Contains($"Applied {context.Database.GetMigrations().Count()} migration(s)", migrate.Out, StringComparison.Ordinal);
        }

        var first = await RunAsync(database, "import-units");
        Assert.Equal(0, first.Code);
        Assert.Contains("Units added 14138", first.Out, StringComparison.Ordinal);
        var second = await RunAsync(database, "import-units");
        Assert.Contains("Units added 0, updated 0", second.Out, StringComparison.Ordinal);

        var created = await RunAsync(database, "create-user", "--user", "xa.officer", "--name", "Cán bộ xã", "--role", "reporting-officer", "--scope", "06253", "--password", "Canbo2026xa");
        Assert.Equal(0, created.Code);
        await using var db = database.Context();
        var user = await db.Users.Include(u => u.ScopeUnit).SingleAsync(u => u.UserName == "xa.officer");
        Assert.Equal("06253", user.ScopeUnit!.Code);
        var audit = await db.AuditEntries.SingleAsync(a => a.Entity == "LodestarUser" && a.Action == "create");
        Assert.StartsWith("cli:", audit.User, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateUser_WithBadInput_FailsAndNamesEachField()
    {
        await using var database = await TestDatabase.CreateAsync();
        var result = await RunAsync(database, "create-user", "--user", "x", "--name", "<b>X</b>", "--role", "boss", "--password", "Abcdefgh12");
        Assert.Equal(1, result.Code);
        Assert.Contains("fullName:", result.Err, StringComparison.Ordinal);
        Assert.Contains("role:", result.Err, StringComparison.Ordinal);
        Assert.Contains("Unknown role", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        await using var database = await TestDatabase.CreateAsync();
        var help = await RunAsync(database, "--help");
        foreach (var command in new[] { "migrate", "import-units", "create-user", "version" })
        {
            Assert.Contains(command, help.Out, StringComparison.Ordinal);
        }

        Assert.Matches(@"Lodestar \d+\.\d+\.\d+", (await RunAsync(database, "version")).Out);
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(TestDatabase database, params string[] args)
    {
        var entry = Assembly.Load("Lodestar.Cli").EntryPoint!;
        var settings = database.Settings();
        var previous = settings.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var outWriter = new StringWriter();
        using var errWriter = new StringWriter();
        try
        {
            foreach (var (key, value) in settings)
            {
                Environment.SetEnvironmentVariable(key, value);
            }

            Console.SetOut(outWriter);
            Console.SetError(errWriter);
            // The compiler's entry point may be the synchronous wrapper around the async Main.
            var result = entry.Invoke(null, [args]);
            var code = result is Task<int> task ? await task : (int)result!;
            return (code, outWriter.ToString(), errWriter.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            foreach (var (key, value) in previous)
            {
                Environment.SetEnvironmentVariable(key, value);
            }
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliGroup
{
    public const string Name = "cli";
}
