using System.CommandLine;
using System.Reflection;
using Lodestar.Accounts;
using Lodestar.Audit;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Setup;
using Lodestar.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// The same services and configuration as the web host (LODESTAR_DATA_DIR, LODESTAR_DB), behind commands.
var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();
try
{
    Settings.Check(config, LodestarServices.SettingsClasses);
}
catch (SettingsException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var services = new ServiceCollection();
services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
services.AddScoped<IAuditActor, CliActor>();
services.AddLodestar(config);
await using var provider = services.BuildServiceProvider();

var root = new RootCommand("Lodestar: command-line tools for operators. Configuration comes from the same environment variables as the web app (LODESTAR_DATA_DIR, LODESTAR_DB).");

var migrate = new Command("migrate", "Create or upgrade the database schema (SQLite file, or PostgreSQL when LODESTAR_DB is set). Run it before starting the web app on PostgreSQL.");
migrate.SetAction(async (_, ct) =>
{
    await using var scope = provider.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
    var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
    await db.Database.MigrateAsync(ct);
    Console.WriteLine(pending.Count == 0 ? "The schema is up to date." : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}");
    return 0;
});
root.Subcommands.Add(migrate);

var dirOption = new Option<string?>("--dir") { Description = "Folder with the official CSV and GeoJSON files (default: the copy shipped with Lodestar, data/official)." };
var import = new Command("import-units", "Load the official administrative units of Vietnam (before and after 1 July 2025), their lineage and boundaries. Idempotent: a second run adds nothing; a unit whose name or type differs is refused (use reorganise).") { dirOption };
import.SetAction(async (parse, ct) =>
{
    await using var scope = provider.CreateAsyncScope();
    var summary = await scope.ServiceProvider.GetRequiredService<OfficialUnitImporter>().ImportAsync(parse.GetValue(dirOption), ct);
    if (summary.Refused.Count > 0)
    {
        Console.Error.WriteLine($"Không nhập gì: {summary.Refused.Count} đơn vị đã có trong cơ sở dữ liệu mang tên hoặc loại khác trong tệp. Đổi tên, đổi loại, sáp nhập hay chia tách là một lần sắp xếp có ngày hiệu lực và căn cứ: dùng lệnh reorganise.");
        Console.Error.WriteLine($"Nothing imported: {summary.Refused.Count} units already in the database have another name or type in the files. A rename, retype, merge or split is a reorganisation with an effective date and a basis: use the reorganise command.");
        foreach (var line in summary.Refused.Take(20))
        {
            Console.Error.WriteLine($"  {line}");
        }

        return 1;
    }

    Console.WriteLine($"Units added {summary.UnitsAdded}; parent links added {summary.ParentLinksAdded}; lineage added {summary.LineageAdded}; boundaries added {summary.BoundariesAdded} ({summary.Elapsed.TotalSeconds:F1} s).");
    return 0;
});
root.Subcommands.Add(import);

var userOption = new Option<string>("--user") { Description = "User name (letters, digits, . _ - @).", Required = true };
var nameOption = new Option<string>("--name") { Description = "Full name.", Required = true };
var roleOption = new Option<string>("--role") { Description = "One of: " + string.Join(", ", Roles.All), Required = true };
var scopeOption = new Option<string?>("--scope") { Description = "Code of the unit whose subtree the account covers (today's unit with that code); omit for the whole country." };
var passwordOption = new Option<string?>("--password") { Description = "Initial password; read from standard input when omitted (safer: stays out of the shell history)." };
var createUser = new Command("create-user", "Create an account with a role and a scope.") { userOption, nameOption, roleOption, scopeOption, passwordOption };
createUser.SetAction(async (parse, ct) =>
{
    var password = parse.GetValue(passwordOption) ?? Console.ReadLine() ?? string.Empty;
    await using var scope = provider.CreateAsyncScope();
    var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
    await accounts.EnsureRolesAsync();
    var outcome = await accounts.CreateAsync(new NewAccount(parse.GetValue(userOption)!, parse.GetValue(nameOption)!, null, parse.GetValue(roleOption)!, parse.GetValue(scopeOption), password), ct);
    if (!outcome.Succeeded)
    {
        return Refuse(outcome.Problems);
    }

    Console.WriteLine($"Created account '{outcome.Value!.UserName}'.");
    return 0;
});
root.Subcommands.Add(createUser);
root.Subcommands.Add(LockCommand("lock-user", locked: true, "Lock an account: every sign-in (cookie or token) it has ends at once, and it cannot sign in until unlocked."));
root.Subcommands.Add(LockCommand("unlock-user", locked: false, "Unlock an account locked by lock-user or an administrator."));
root.Subcommands.Add(AccountCommand("reset-two-factor", "Turn off an account's two-factor sign-in and forget its authenticator key (a lost phone): its sign-ins end, and it signs in with its password, then sets two-factor up again.",
    (accounts, user, ct) => accounts.ResetTwoFactorAsync(user, AccountService.Operator, ct), a => $"Two-factor sign-in of '{a.UserName}' is off; its sign-ins have ended."));

var tasksDaily = new Command("tasks-daily", "Run the daily task job now: notify owner units of newly overdue tasks, escalate to assigners after the grace period; remind and escalate periodic reports (e-mail when LODESTAR_SMTP_HOST is set). Idempotent.");
tasksDaily.SetAction(async (_, ct) =>
{
    await using var scope = provider.CreateAsyncScope();
    var result = await scope.ServiceProvider.GetRequiredService<TaskDailyJob>().RunAsync(ct);
    Console.WriteLine($"Newly overdue {result.NewlyOverdue}; notifications {result.Notified}; escalations {result.Escalated}; e-mails {result.Emailed}.");
    var reports = await scope.ServiceProvider.GetRequiredService<Lodestar.Reporting.ReportReminderJob>().RunAsync(ct);
    Console.WriteLine($"Reports: reminded {reports.Reminded}; overdue {reports.Overdue}; escalated {reports.Escalated}; e-mails {reports.Emailed}.");
    return 0;
});
root.Subcommands.Add(tasksDaily);

var summaryOption = new Option<bool>("--summary") { Description = "Send today's daily summary too (run it once a day, from LODESTAR_SUMMARY_HOUR)." };
var noticesMail = new Command("notices-mail", "E-mail the waiting notices as each user chose per kind (e-mail at once; with --summary also the daily summary), one e-mail per person; for cron when LODESTAR_NOTICE_MAIL=false on the web app. A notice is e-mailed once.") { summaryOption };
noticesMail.SetAction(async (parse, ct) =>
{
    await using var scope = provider.CreateAsyncScope();
    var notices = scope.ServiceProvider.GetRequiredService<Lodestar.Notifications.NoticeMail>();
    var now = await notices.SendNowAsync(ct);
    var summaries = parse.GetValue(summaryOption) ? await notices.SendSummariesAsync(ct) : 0;
    Console.WriteLine($"E-mails at once {now}; daily summaries {summaries}.");
    return 0;
});
root.Subcommands.Add(noticesMail);

var fileOption = new Option<string>("--file") { Description = "CSV file (UTF-8, comma-separated) with the columns dataElement, orgUnit, period, value and optionally comment.", Required = true };
var draftOption = new Option<bool>("--draft") { Description = "Store the values as not yet approved (they count in published figures once approved)." };
var importValues = new Command("import-values", "Import data values from a CSV file in one transaction. Every row is checked as the API checks it; any bad row refuses the whole file. A value a report form collects is refused too: it goes through its report and counts once the report is approved. Re-running the same file changes nothing.") { fileOption, draftOption };
importValues.SetAction(async (parse, ct) =>
{
    await using var scope = provider.CreateAsyncScope();
    using var reader = new StreamReader(parse.GetValue(fileOption)!, System.Text.Encoding.UTF8);
    var outcome = await scope.ServiceProvider.GetRequiredService<Lodestar.Values.BulkValueImport>().ImportCsvAsync(
        reader, approved: !parse.GetValue(draftOption), checkedAll: n => Console.WriteLine($"Checked {n:N0} rows; saving…"), ct);
    if (!outcome.Succeeded)
    {
        return Refuse(outcome.Problems);
    }

    var r = outcome.Value!;
    Console.WriteLine($"Rows {r.Rows:N0}: created {r.Created:N0}, updated {r.Updated:N0}, unchanged {r.Unchanged:N0} (checked in {r.Checking.TotalSeconds:F1} s, saved in {r.Saving.TotalSeconds:F1} s).");
    return 0;
});
root.Subcommands.Add(importValues);

var changesOption = new Option<string>("--file") { Description = "JSON file { effectiveOn, basis, accounts, changes: [...] } as POST /api/v1/reorganisations takes it (docs/api.md).", Required = true };
var previewOption = new Option<bool>("--preview") { Description = "List the consequences and write nothing." };
var reorganise = new Command("reorganise", "Record a change of the administrative map (rename, retype, merge, split, move, create, dissolve, reshape) with its effective date and legal basis; what hangs on closing units moves to their successors (src/Lodestar/OrgUnits/README.md). All or nothing.") { changesOption, previewOption };
reorganise.SetAction(async (parse, ct) =>
{
    using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(parse.GetValue(changesOption)!, ct));
    var read = Lodestar.Reorganisations.ReorganisationJson.Read(json.RootElement);
    if (!read.Succeeded)
    {
        return Refuse(read.Problems);
    }

    await using var scope = provider.CreateAsyncScope();
    var preview = parse.GetValue(previewOption) || read.Value.Preview;
    var outcome = await scope.ServiceProvider.GetRequiredService<Lodestar.Reorganisations.ReorganisationService>().RecordAsync(read.Value.Input, null, preview, ct);
    if (!outcome.Succeeded)
    {
        return Refuse(outcome.Problems);
    }

    var r = outcome.Value!;
    Console.WriteLine(preview ? $"Preview (nothing written), in force on {r.EffectiveOn:yyyy-MM-dd}:" : $"Recorded reorganisation {r.Uid}, in force on {r.EffectiveOn:yyyy-MM-dd}:");
    foreach (var c in r.Consequences)
    {
        Console.WriteLine($"  {c.What}\t{c.Subject}\t{c.Text.Vi}");
    }

    return 0;
});
root.Subcommands.Add(reorganise);

var seedOption = new Option<int>("--seed") { Description = "The same seed and sizes give the same dataset.", DefaultValueFactory = _ => 1 };
var elementsOption = new Option<int>("--elements") { Description = "Data elements (SYN.001 …).", DefaultValueFactory = _ => 120 };
var yearsOption = new Option<int>("--years") { Description = "Years of quarterly and yearly values, ending with 2026.", DefaultValueFactory = _ => 6 };
var coverageOption = new Option<double>("--coverage") { Description = "Share (0–1] of the (element, unit) pairs that report.", DefaultValueFactory = _ => 0.2 };
var agenciesOption = new Option<int>("--agencies") { Description = "Agencies added under each province.", DefaultValueFactory = _ => 20 };
var tasksOption = new Option<int>("--tasks") { Description = "Tasks per province, in every state.", DefaultValueFactory = _ => 40 };
var dtiYearsOption = new Option<int>("--dti-years") { Description = "Years of DTI assessments of every commune and agency, ending with 2026 (none before 2025).", DefaultValueFactory = _ => 2 };
var national = new Command("generate-national", "Add a synthetic national dataset (official units of the country, agencies, data elements SYN.*, an officer per province, values for every quarter and year) through the bulk import, one period per transaction, then a head for every unit, tasks in every state and DTI assessments. For measuring at national scale; not real data. Re-running changes nothing.")
    { seedOption, elementsOption, yearsOption, coverageOption, agenciesOption, tasksOption, dtiYearsOption };
national.SetAction(async (parse, ct) =>
{
    var size = new Lodestar.Operations.NationalSize(parse.GetValue(seedOption), parse.GetValue(elementsOption), parse.GetValue(yearsOption), parse.GetValue(coverageOption), parse.GetValue(agenciesOption))
    {
        TasksPerProvince = parse.GetValue(tasksOption),
        DtiYears = parse.GetValue(dtiYearsOption),
    };
    if (size.Elements is < 1 or > 999 || size.Years is < 1 or > 30 || size.Coverage is <= 0 or > 1 || size.AgenciesPerProvince is < 0 or > 99 || size.TasksPerProvince is < 0 or > 10000 || size.DtiYears is < 0 or > 10)
    {
        Console.Error.WriteLine("Cỡ không hợp lệ: --elements 1–999, --years 1–30, --coverage (0; 1], --agencies 0–99, --tasks 0–10.000, --dti-years 0–10. / Invalid size: --elements 1–999, --years 1–30, --coverage (0, 1], --agencies 0–99, --tasks 0–10,000, --dti-years 0–10.");
        return 1;
    }

    await using var scope = provider.CreateAsyncScope();
    var summary = await scope.ServiceProvider.GetRequiredService<Lodestar.Operations.NationalDataset>().GenerateAsync(size, (period, done, total, values) =>
        Console.Error.Write($"\r[{new string('#', done * 30 / total).PadRight(30)}] {done}/{total} {period}: {values:N0} values"), ct);
    Console.Error.WriteLine();
    Console.WriteLine($"Agencies added {summary.Agencies:N0}; data elements {summary.Elements:N0}; accounts added {summary.Accounts:N0} (syn.<province code>, password {Lodestar.Operations.NationalDataset.Password(size.Seed)}); values {summary.Values:N0} ({summary.Changed:N0} new or changed); heads added {summary.Heads:N0}; tasks added {summary.Tasks:N0}; DTI assessments added {summary.Assessments:N0}; targets added {summary.Targets:N0} (programme {Lodestar.Operations.NationalDataset.ProgrammeCode}); in {summary.Elapsed.TotalSeconds:F0} s.");
    return 0;
});
root.Subcommands.Add(national);

var outOption = new Option<string?>("--out") { Description = "Archive to write (default: lodestar-backup-<UTC date-time>.zip in the current folder)." };
var backup = new Command("backup", "Write one archive with the database (SQLite online copy, or pg_dump when LODESTAR_DB is set) and every file of the data directory (evidence, keys). Safe while Lodestar runs.") { outOption };
backup.SetAction(async (parse, ct) =>
{
#pragma warning disable RS0030 // The command line is a composition root: its own wall clock names the archive.
    var path = parse.GetValue(outOption) ?? $"lodestar-backup-{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss}.zip";
#pragma warning restore RS0030
    return await Operate(async s => await s.BackupAsync(path, ct), m => $"Backup written to {Path.GetFullPath(path)}: {m.Entries.Count} file(s), {m.Entries.Sum(e => e.Bytes):N0} bytes, schema {m.LastMigration}.");
});
root.Subcommands.Add(backup);

var fromOption = new Option<string>("--from") { Description = "Archive written by 'backup'.", Required = true };
var forceOption = new Option<bool>("--force") { Description = "Replace a database that already holds data." };
var restore = new Command("restore", "Put the database and data files back from an archive of 'backup'. Every file is checked first: a damaged archive changes nothing. Stop Lodestar first when it runs on SQLite.") { fromOption, forceOption };
restore.SetAction(async (parse, ct) =>
    await Operate(async s => await s.RestoreAsync(parse.GetValue(fromOption)!, parse.GetValue(forceOption), ct), m => $"Restored the backup of {m.CreatedAt:yyyy-MM-dd HH:mm} UTC ({m.Entries.Count} file(s), schema {m.LastMigration})."));
root.Subcommands.Add(restore);

var version = new Command("version", "Print the version of Lodestar.");
version.SetAction(_ =>
{
    var v = typeof(LodestarDbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
    Console.WriteLine($"Lodestar {v}");
    return 0;
});
root.Subcommands.Add(version);

return await root.Parse(args).InvokeAsync();

async Task<int> Operate(Func<Lodestar.Operations.BackupService, Task<Lodestar.Operations.BackupManifest>> work, Func<Lodestar.Operations.BackupManifest, string> done)
{
    await using var scope = provider.CreateAsyncScope();
    try
    {
        Console.WriteLine(done(await work(scope.ServiceProvider.GetRequiredService<Lodestar.Operations.BackupService>())));
        return 0;
    }
    catch (Lodestar.Operations.BackupException e)
    {
        Console.Error.WriteLine($"{e.Vi} / {e.Message}");
        return 1;
    }
}

// lock-user, unlock-user and reset-two-factor: the accounts API's own changes, made by the operator (an administrator) and audited as cli:<user>.
Command LockCommand(string name, bool locked, string description) =>
    AccountCommand(name, description, (accounts, user, ct) => accounts.LockAsync(user, locked, AccountService.Operator, ct),
        a => locked ? $"Locked account '{a.UserName}'; its sign-ins have ended." : $"Unlocked account '{a.UserName}'.");

Command AccountCommand(string name, string description, Func<AccountService, string, CancellationToken, Task<AccountChange<AccountItem>>> change, Func<AccountItem, string> done)
{
    var user = new Option<string>("--user") { Description = "User name of the account.", Required = true };
    var command = new Command(name, description) { user };
    command.SetAction(async (parse, ct) =>
    {
        await using var scope = provider.CreateAsyncScope();
        var result = await change(scope.ServiceProvider.GetRequiredService<AccountService>(), parse.GetValue(user)!, ct);
        if (!result.Succeeded)
        {
            return Refuse(result.Outcome.Problems);
        }

        Console.WriteLine(done(result.Outcome.Value!));
        return 0;
    });
    return command;
}

// Every problem on standard error, in both languages; exit code 1.
static int Refuse(IEnumerable<Lodestar.Common.Problem> problems)
{
    foreach (var p in problems)
    {
        Console.Error.WriteLine($"{p.Field}: {p.Message.Vi} / {p.Message.En}");
    }

    return 1;
}

/// <summary>CLI writes are audited under the operating-system user who ran the command.</summary>
internal sealed class CliActor : IAuditActor
{
    public string Name => $"cli:{Environment.UserName}";
}
