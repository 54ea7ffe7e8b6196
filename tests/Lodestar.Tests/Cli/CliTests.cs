using System.IO.Compression;
using System.Reflection;
using Lodestar.OrgUnits;
using Lodestar.People;
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
        Assert.Contains("Units added 0; parent links added 0", second.Out, StringComparison.Ordinal);

        // Files that rename a unit already loaded change nothing: that is a reorganisation, with a date and a basis.
        var edited = Directory.CreateTempSubdirectory("lodestar-official-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(OfficialUnitImporter.DefaultDirectory))
            {
                File.Copy(file, Path.Combine(edited, Path.GetFileName(file)));
            }

            // Cao Bằng was kept by the 2025 reform: the list before it names the unit.
            var provinces = Path.Combine(edited, "provinces_pre2025.csv");
            await File.WriteAllTextAsync(provinces, (await File.ReadAllTextAsync(provinces)).Replace("Tỉnh Cao Bằng", "Tỉnh Cao Bằng Mới", StringComparison.Ordinal));
            var refused = await RunAsync(database, "import-units", "--dir", edited);
            Assert.Equal(1, refused.Code);
            Assert.Contains("Tỉnh Cao Bằng Mới", refused.Err, StringComparison.Ordinal);
            Assert.Contains("use the reorganise command", refused.Err, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(edited, recursive: true);
        }

        var changes = Path.GetTempFileName();
        await File.WriteAllTextAsync(changes, """
            { "effectiveOn": "2026-01-01", "basis": "Nghị quyết số 1/NQ-UBTVQH15",
              "changes": [ { "kind": "retype", "unit": "06253", "type": "Phường", "name": "Thử", "fullName": "Phường Thử" } ] }
            """);
        var preview = await RunAsync(database, "reorganise", "--file", changes, "--preview");
        Assert.Equal(0, preview.Code);
        Assert.Contains("Preview (nothing written)", preview.Out, StringComparison.Ordinal);
        var recorded = await RunAsync(database, "reorganise", "--file", changes);
        File.Delete(changes);
        Assert.Equal(0, recorded.Code);
        Assert.Contains("unit-retyped", recorded.Out, StringComparison.Ordinal);
        await using (var context = database.Context())
        {
            var queries = new OrgUnitQueries(context);
            Assert.Equal("Phường Thử", (await queries.GetAsync("06253", new DateOnly(2026, 1, 1)))!.Unit.FullName);
            Assert.NotEqual("Phường Thử", (await queries.GetAsync("06253", new DateOnly(2025, 12, 31)))!.Unit.FullName);
        }

        var created = await RunAsync(database, "create-user", "--user", "xa.officer", "--name", "Cán bộ xã", "--role", "reporting-officer", "--scope", "06253", "--password", "Canbo2026xa");
        Assert.Equal(0, created.Code);
        await using var db = database.Context();
        var user = await db.Users.Include(u => u.ScopeUnit).SingleAsync(u => u.UserName == "xa.officer");
        Assert.Equal("06253", user.ScopeUnit!.Code);
        var audit = await db.AuditEntries.SingleAsync(a => a.Entity == "LodestarUser" && a.Action == "create");
        Assert.StartsWith("cli:", audit.User, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadSetting_StopsEveryCommandBeforeItStarts_NamingTheVariable()
    {
        var result = await RunAsync(new Dictionary<string, string?> { ["LODESTAR_SMTP_PORT"] = "abc", ["LODESTAR_DATA_DIR"] = Path.GetTempPath() }, "version");

        Assert.Equal(2, result.Code);
        Assert.Contains("LODESTAR_SMTP_PORT=abc: phải là số nguyên từ 1 đến 65535 / must be a whole number from 1 to 65535", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Lodestar", result.Out, StringComparison.Ordinal);
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
    public async Task LockAndUnlockUser_ChangeTheAccountThroughTheService_EndItsSessions_AndAreAudited()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.Context())
        {
            db.OrgUnits.Add(new OrgUnit { Code = "KT01", Name = "Xã Kiểm Thử", FullName = "Xã Kiểm Thử", Type = "Xã", Level = OrgUnitLevel.Commune });
            await db.SaveChangesAsync();
        }

        Assert.Equal(0, (await RunAsync(database, "create-user", "--user", "xa.khoa", "--name", "Cán bộ xã", "--role", "viewer", "--scope", "KT01", "--password", "Canbo2026xa")).Code);
        string stamp;
        await using (var db = database.Context())
        {
            stamp = (await db.Users.SingleAsync(u => u.UserName == "xa.khoa")).SecurityStamp!;
        }

        var locked = await RunAsync(database, "lock-user", "--user", "xa.khoa");
        Assert.True(locked.Code == 0, locked.Err);
        Assert.Contains("Locked account 'xa.khoa'", locked.Out, StringComparison.Ordinal);
        await using (var db = database.Context())
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "xa.khoa");
            Assert.Equal(DateTimeOffset.MaxValue, user.LockoutEnd);
            Assert.NotEqual(stamp, user.SecurityStamp); // every cookie and token of the account ends
            var audit = await db.AuditEntries.Where(a => a.Entity == "LodestarUser" && a.Key == "xa.khoa" && a.Action == "update").ToListAsync();
            Assert.Contains(audit, a => a.User.StartsWith("cli:", StringComparison.Ordinal) && a.After!.Contains("LockoutEnd", StringComparison.Ordinal));
        }

        var unlocked = await RunAsync(database, "unlock-user", "--user", "xa.khoa");
        Assert.True(unlocked.Code == 0, unlocked.Err);
        await using (var db = database.Context())
        {
            Assert.Null((await db.Users.SingleAsync(u => u.UserName == "xa.khoa")).LockoutEnd);
        }

        // A lost phone: the operator turns two-factor off; the key is forgotten and the sign-ins end.
        await using (var db = database.Context())
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "xa.khoa");
            user.TwoFactorEnabled = true;
            db.UserTokens.Add(new Microsoft.AspNetCore.Identity.IdentityUserToken<int> { UserId = user.Id, LoginProvider = "[AspNetUserStore]", Name = "AuthenticatorKey", Value = "KHOACU" });
            await db.SaveChangesAsync();
            stamp = user.SecurityStamp!;
        }

        var reset = await RunAsync(database, "reset-two-factor", "--user", "xa.khoa");
        Assert.True(reset.Code == 0, reset.Err);
        Assert.Contains("Two-factor sign-in of 'xa.khoa' is off", reset.Out, StringComparison.Ordinal);
        await using (var db = database.Context())
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "xa.khoa");
            Assert.False(user.TwoFactorEnabled);
            Assert.NotEqual(stamp, user.SecurityStamp);
            Assert.NotEqual("KHOACU", (await db.UserTokens.SingleAsync(t => t.UserId == user.Id && t.Name == "AuthenticatorKey")).Value);
            Assert.DoesNotContain(await db.AuditEntries.Select(a => a.After ?? "").ToListAsync(), a => a.Contains("KHOACU", StringComparison.Ordinal));
        }

        var unknown = await RunAsync(database, "lock-user", "--user", "khong.co.ai");
        Assert.Equal(1, unknown.Code);
        Assert.Contains("userName: Không có tài khoản 'khong.co.ai'. / No account 'khong.co.ai'.", unknown.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateUser_WithACommonPassword_IsRefusedInBothLanguages()
    {
        await using var database = await TestDatabase.CreateAsync();
        var result = await RunAsync(database, "create-user", "--user", "quan.tri.hai", "--name", "Quản trị", "--role", "admin", "--password", "Password12");
        Assert.Equal(1, result.Code);
        Assert.Contains("password: Mật khẩu này quá phổ biến", result.Err, StringComparison.Ordinal);
        Assert.Contains("This password is too common", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        await using var database = await TestDatabase.CreateAsync();
        var help = await RunAsync(database, "--help");
        foreach (var command in new[] { "migrate", "import-units", "create-user", "lock-user", "unlock-user", "reset-two-factor", "backup", "restore", "tasks-daily", "notices-mail", "version" })
        {
            Assert.Contains(command, help.Out, StringComparison.Ordinal);
        }

        Assert.Matches(@"Lodestar \d+\.\d+\.\d+", (await RunAsync(database, "version")).Out);
    }

    [Fact]
    public async Task BackupAndRestore_PutBackTheDatabaseAndFiles_AndRefuseDamagedArchivesOrNonEmptyTargets()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = database.Settings();
        // SQLite keeps its file in the test database's own data directory; PostgreSQL needs one for the files.
        var ownDir = !settings.ContainsKey("LODESTAR_DATA_DIR");
        var dataDir = settings.GetValueOrDefault("LODESTAR_DATA_DIR") ?? Directory.CreateTempSubdirectory("lodestar-backup-test-").FullName;
        settings["LODESTAR_DATA_DIR"] = dataDir;
        var evidence = Path.Combine(dataDir, "evidence", "tasks", "7", "bien-ban.pdf");
        Directory.CreateDirectory(Path.GetDirectoryName(evidence)!);
        await File.WriteAllTextAsync(evidence, "Biên bản họp tháng 10");
        await using (var db = database.Context())
        {
            db.People.Add(new Person { FullName = "Nguyễn Văn Sao Lưu" });
            await db.SaveChangesAsync();
        }

        var archive = Path.Combine(Path.GetTempPath(), $"lodestar-{Guid.NewGuid():N}.zip");
        var damaged = archive.Replace(".zip", "-damaged.zip", StringComparison.Ordinal);
        try
        {
            var backup = await RunAsync(settings, "backup", "--out", archive);
            Assert.True(backup.Code == 0, backup.Err);
            Assert.Contains("Backup written", backup.Out, StringComparison.Ordinal);

            // Life goes on after the backup: the person is removed, another added, the file rewritten.
            await using (var db = database.Context())
            {
                db.People.Remove(await db.People.SingleAsync(p => p.FullName == "Nguyễn Văn Sao Lưu"));
                db.People.Add(new Person { FullName = "Trần Thị Sau" });
                await db.SaveChangesAsync();
            }

            await File.WriteAllTextAsync(evidence, "sửa sau");

            var refused = await RunAsync(settings, "restore", "--from", archive);
            Assert.Equal(1, refused.Code);
            Assert.Contains("--force", refused.Err, StringComparison.Ordinal);

            File.Copy(archive, damaged);
            using (var zip = ZipFile.Open(damaged, ZipArchiveMode.Update))
            {
                zip.GetEntry("files/evidence/tasks/7/bien-ban.pdf")!.Delete();
                await using var w = new StreamWriter(zip.CreateEntry("files/evidence/tasks/7/bien-ban.pdf").Open());
                await w.WriteAsync("giả mạo");
            }

            var broken = await RunAsync(settings, "restore", "--from", damaged, "--force");
            Assert.Equal(1, broken.Code);
            Assert.Contains("damaged", broken.Err, StringComparison.Ordinal);
            Assert.Contains("bị hỏng", broken.Err, StringComparison.Ordinal);
            await using (var db = database.Context())
            {
                Assert.True(await db.People.AnyAsync(p => p.FullName == "Trần Thị Sau"), "a refused restore must change nothing");
            }

            Assert.Equal("sửa sau", await File.ReadAllTextAsync(evidence));

            var restored = await RunAsync(settings, "restore", "--from", archive, "--force");
            Assert.True(restored.Code == 0, restored.Err);
            await using (var db = database.Context())
            {
                Assert.True(await db.People.AnyAsync(p => p.FullName == "Nguyễn Văn Sao Lưu"));
                Assert.False(await db.People.AnyAsync(p => p.FullName == "Trần Thị Sau"));
            }

            Assert.Equal("Biên bản họp tháng 10", await File.ReadAllTextAsync(evidence));
        }
        finally
        {
            File.Delete(archive);
            File.Delete(damaged);
            if (ownDir)
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    [Fact]
    public async Task GenerateNational_PutsEachPeriodsValuesOnTheUnitsOfItsDay_AndIsReproducible()
    {
        await using var database = await TestDatabase.CreateAsync();
        string[] args = ["generate-national", "--seed", "5", "--elements", "2", "--years", "2", "--coverage", "0.05", "--agencies", "2", "--tasks", "7", "--dti-years", "2"];
        var first = await RunAsync(database, args);
        Assert.True(first.Code == 0, first.Err);
        Assert.Contains("Agencies added 68; data elements 2; accounts added 34", first.Out, StringComparison.Ordinal);
        await using (var db = database.Context())
        {
            var values = await db.DataValues.CountAsync();
            Assert.Contains($"values {values:N0} ({values:N0} new or changed)", first.Out, StringComparison.Ordinal);
            Assert.True(values > 1000, $"{values} values");

            // Before the reform on the old communes (63 provinces), after it on the new ones and the agencies (34 provinces).
            var before = await db.DataValues.Where(v => v.Period == "2025Q2").Select(v => v.OrgUnit).ToListAsync();
            var after = await db.DataValues.Where(v => v.Period == "2026Q2").Select(v => v.OrgUnit).ToListAsync();
            Assert.All(before, u => Assert.Equal(new DateOnly(2025, 6, 30), u.ValidTo));
            Assert.All(after, u => Assert.True(u.ValidTo is null && u.ValidFrom >= new DateOnly(2025, 7, 1), u.Code));
            Assert.Contains(after, u => u.Level == OrgUnitLevel.Agency);
            Assert.Equal(values, await db.DataValueChanges.CountAsync()); // history kept, as for any import

            // A head for every province, commune and agency of today; 7 tasks per province, answered for by the owner's head, in every state.
            var end = new DateOnly(2026, 12, 31);
            var units = await db.OrgUnits.ValidOn(end).CountAsync(u => u.Level != OrgUnitLevel.District && u.Level != OrgUnitLevel.Village);
            Assert.Equal(34 + 3321 + 68, units);
            Assert.Equal(units, await db.Positions.CountAsync(p => p.IsHead));
            Assert.Contains($"heads added {units:N0}; tasks added {34 * 7:N0}", first.Out, StringComparison.Ordinal);
            var tasks = await db.Tasks.Where(t => t.SourceNumber == Lodestar.Operations.NationalDataset.TaskSource).ToListAsync();
            Assert.Equal(34 * 7, tasks.Count);
            Assert.All(tasks, t => Assert.True(t.AccountablePositionId is { } p && db.Positions.Any(x => x.Id == p && x.OrgUnitId == t.OwnerUnitId), t.Title));
            var states = tasks.Select(t => Lodestar.Tasks.TaskStates.Compute(Lodestar.Tasks.TaskFacts.Of(t), new DateOnly(2026, 11, 23))).ToHashSet();
            Assert.Equal(Lodestar.Tasks.TaskStates.All.Order(), states.Order());

            // DTI: every commune and agency assessed in 2025 (published) and 2026 (every review state); the provinces' 2025 published.
            var dti = await db.DtiAssessments.Include(a => a.Framework).GroupBy(a => new { a.Framework.Code, a.Year }).Select(g => new { g.Key.Code, g.Key.Year, Count = g.Count(), States = g.Select(a => a.State).Distinct().Count() }).ToListAsync();
            Assert.Equal(3321, dti.Single(d => d.Code == Lodestar.Operations.NationalDataset.CommuneFramework && d.Year == 2026).Count);
            Assert.Equal(68, dti.Single(d => d.Code == Lodestar.Operations.NationalDataset.AgencyFramework && d.Year == 2025).Count);
            Assert.Equal(5, dti.Single(d => d.Code == Lodestar.Operations.NationalDataset.CommuneFramework && d.Year == 2026).States);
            Assert.Equal(34, dti.Single(d => d.Code == "P405" && d.Year == 2025).Count);
            Assert.Contains($"DTI assessments added {dti.Sum(d => d.Count):N0}", first.Out, StringComparison.Ordinal);

            // The scores and the ranking of every commune of the country come out of the DTI pages' own query.
            var framework = await db.DtiFrameworks.Include(f => f.Nodes).SingleAsync(f => f.Code == Lodestar.Operations.NationalDataset.CommuneFramework);
            var scores = await new Lodestar.Dti.DtiQueries(db).ScoresAsync(framework, 2025);
            Assert.Equal(3321, scores.Units.Count);
            Assert.Equal(1, scores.Units.Min(u => u.Rank));

            // A national programme with a target on each element (five at most), measured by the mean of the element.
            var targets = await db.Targets.Include(t => t.Programme).Include(t => t.Indicator).ThenInclude(i => i.Element)
                .Where(t => t.Programme.Code == Lodestar.Operations.NationalDataset.ProgrammeCode).OrderBy(t => t.Code).ToListAsync();
            Assert.Equal(["SYN.001", "SYN.002"], targets.Select(t => t.Indicator.Element.Code));
            Assert.All(targets, t => Assert.Null(t.Programme.ProvinceId));
            Assert.Contains("targets added 2 (programme SYN-CT)", first.Out, StringComparison.Ordinal);
        }

        var again = await RunAsync(database, args);
        Assert.True(again.Code == 0, again.Err);
        Assert.Contains("Agencies added 0; data elements 2; accounts added 0", again.Out, StringComparison.Ordinal);
        Assert.Contains("heads added 0; tasks added 0; DTI assessments added 0; targets added 0", again.Out, StringComparison.Ordinal);
        Assert.Contains("(0 new or changed)", again.Out, StringComparison.Ordinal); // the same seed gives the same values

        var bad = await RunAsync(database, "generate-national", "--coverage", "1.5");
        Assert.Equal(1, bad.Code);
        Assert.Contains("--coverage", bad.Err, StringComparison.Ordinal);
    }

    private static Task<(int Code, string Out, string Err)> RunAsync(TestDatabase database, params string[] args) =>
        RunAsync(database.Settings(), args);

    private static async Task<(int Code, string Out, string Err)> RunAsync(Dictionary<string, string?> settings, params string[] args)
    {
        var entry = Assembly.Load("Lodestar.Cli").EntryPoint!;
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
