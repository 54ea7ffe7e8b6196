using System.Globalization;
using Lodestar.Accounts;
using Lodestar.Data;
using Lodestar.Demo;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Lodestar.Setup;

/// <summary>
/// First-start work: migrate the embedded database, load the official organisation into an empty one,
/// add the demo province, the first administrator and, with a new demo province, one account per role. PostgreSQL is migrated by the CLI, never here.
/// </summary>
public sealed class DatabaseInitializer(
    LodestarDbContext db,
    LodestarOptions options,
    OfficialUnitImporter importer,
    DemoSeeder demo,
    ProgrammeDemo programmes,
    Reporting.ReportingDemo reporting,
    DtiDemo dti,
    Publishing.PublishingDemo publishing,
    Steering.SteeringDemo steering,
    AccountService accounts,
    DemoAccounts demoAccounts,
    HomeProvince home,
    ILogger<DatabaseInitializer> log)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        if (options.UsesPostgres)
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                throw new InvalidOperationException(
                    $"The PostgreSQL database needs {pending.Count} migration(s): run `dotnet run --project src/Lodestar.Cli -- migrate` first.");
            }
        }
        else
        {
            if (!(await db.Database.GetPendingMigrationsAsync(ct)).Any())
            {
                // Nothing to do: MigrateAsync would also diff the model against the migrations, a second of every start.
            }
            else if (!await EmbeddedSchema.IsEmptyAsync(db, ct) || !await EmbeddedSchema.CreateAsync(db, ct))
            {
                await db.Database.MigrateAsync(ct);
            }

            // The database file holds password hashes and every figure: readable by the service account only.
            if (!OperatingSystem.IsWindows() && File.Exists(options.SqlitePath))
            {
                File.SetUnixFileMode(options.SqlitePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        // Each first-start step logs its seconds (bench/RESULTS.md, first start).
        var step = System.Diagnostics.Stopwatch.StartNew();
        var newDemo = false;
        if (!await db.OrgUnits.AnyAsync(u => u.IsOfficial, ct))
        {
            if (options.Demo)
            {
                await demoAccounts.CheckPasswordAsync(options.DemoPassword);
            }

            var summary = await importer.ImportAsync(ct: ct);
            log.LogInformation("Loaded the official organisation: {Units} units, {Links} parent links, {Lineage} lineage edges, {Boundaries} boundaries in {Seconds:F1} s",
                summary.UnitsAdded, summary.ParentLinksAdded, summary.LineageAdded, summary.BoundariesAdded, Lap(step));
            if (options.Demo)
            {
                await demo.SeedAsync(ct);
                newDemo = true;
                log.LogInformation("Added the demo province (Lạng Sơn): agencies, villages, heads and digital technology teams in {Seconds:F1} s", Lap(step));
            }
        }

        // The demo's programmes come with it; a demo database made before programmes existed gets them now.
        if (options.Demo && await demo.IsSeededAsync(ct) && !await db.Programmes.AnyAsync(ct))
        {
            await programmes.SeedAsync(ct);
            log.LogInformation("Added the demo programmes, targets and reported values in {Seconds:F1} s", Lap(step));
        }

        if (options.Demo && await demo.IsSeededAsync(ct) && await db.Programmes.AnyAsync(ct) && !await db.ReportForms.AnyAsync(ct))
        {
            await reporting.SeedAsync(ct);
            log.LogInformation("Added the demo report forms and reports in {Seconds:F1} s", Lap(step));
        }

        // Likewise the DTI frameworks and three years of demonstration assessments.
        if (options.Demo && await demo.IsSeededAsync(ct) && !await dti.IsSeededAsync(ct))
        {
            await dti.SeedAsync(ct);
            log.LogInformation("Added the DTI frameworks and demonstration assessments in {Seconds:F1} s", Lap(step));
        }

        // The demo's public portal: the programme, a set of targets and the confirmed DTI results, with one correction.
        if (options.Demo && await demo.IsSeededAsync(ct) && await db.Programmes.AnyAsync(ct) && !await publishing.IsSeededAsync(ct))
        {
            await publishing.SeedAsync(ct);
            log.LogInformation("Published the demo programme, targets and DTI results in {Seconds:F1} s", Lap(step));
        }

        // The steering committee's past meetings (packs, conclusions, the tasks they assigned) need everything above.
        if (options.Demo && await demo.IsSeededAsync(ct) && await dti.IsSeededAsync(ct) && !await steering.IsSeededAsync(ct))
        {
            await steering.SeedAsync(ct);
            log.LogInformation("Added the demo steering-committee meetings in {Seconds:F1} s", Lap(step));
        }

        // A LODESTAR_PROVINCE that names no province stops the start here, where the official units are known.
        await home.CheckAsync(ct);

        var generated = await accounts.EnsureAdministratorAsync(options.AdminPassword, ct);

        // The demo's accounts only in the database that just received the demo province: never on an existing one.
        var demoCreated = newDemo ? await demoAccounts.CreateAsync(options.DemoPassword, ct) : null;
        if (generated is not null || demoCreated is not null)
        {
            // Printed once, on purpose to the console: the operator needs it to sign in the first time.
            Console.WriteLine(FirstSignIn(generated, demoCreated));
        }
    }

    /// <summary>
    /// Ends a step: its seconds, and a change tracker emptied of what the step saved. Left tracked, the 10,000-odd
    /// entities of one step made every save of the next look through them all (the first start's slowest part).
    /// </summary>
    private double Lap(System.Diagnostics.Stopwatch step)
    {
        db.ChangeTracker.Clear();
        var seconds = step.Elapsed.TotalSeconds;
        step.Restart();
        return seconds;
    }

    /// <summary>The console note of the first start: the administrator's generated password, the demo's accounts and theirs.</summary>
    internal static string FirstSignIn(string? adminPassword, DemoAccountsCreated? demoCreated)
    {
        var note = new System.Text.StringBuilder().AppendLine();
        if (adminPassword is not null)
        {
            note.AppendLine("==== Lodestar: first administrator ====")
                .AppendLine("user:     admin")
                .AppendLine(CultureInfo.InvariantCulture, $"password: {adminPassword}")
                .AppendLine("(shown only this once; change it after signing in)")
                .AppendLine("========================================")
                .AppendLine();
        }

        if (demoCreated is not null)
        {
            note.AppendLine("==== Lodestar: demo accounts, one per role ====")
                .AppendLine(CultureInfo.InvariantCulture, $"password of each: {demoCreated.GeneratedPassword ?? "the one in LODESTAR_DEMO_PASSWORD"}");
            foreach (var a in demoCreated.Accounts)
            {
                note.AppendLine(CultureInfo.InvariantCulture, $"  {a.UserName,-13} {a.Role,-18} scope {a.ScopeCode,-6} {a.Tries}");
            }

            note.AppendLine(demoCreated.GeneratedPassword is null ? "(demo data only)" : "(shown only this once; demo data only)")
                .AppendLine("===============================================")
                .AppendLine();
        }

        return note.ToString();
    }
}
