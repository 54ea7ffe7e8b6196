using System.Globalization;
using System.Text;
using Lodestar.OrgUnits;
using Lodestar.Tests.Common;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Lodestar.Tests.Reliability;

/// <summary>
/// kill -9 of the real CLI in the middle of a bulk import — while it checks, and while it saves (after it says every
/// row passed): the store holds all of the file or none of it (never a part, never history without values), and the
/// import can simply be run again.
/// </summary>
[Collection(Cli.CliGroup.Name)]
public sealed class KillDuringImportTests(ITestOutputHelper output) : DatabaseTest
{
    private const int Elements = 40;

    [Fact]
    public async Task KilledImport_LeavesAllOrNothing_AndCanBeRunAgain()
    {
        await using (var db = Database.Context())
        {
            var province = await db.AddUnitAsync("20", OrgUnitLevel.Province);
            await db.AddUnitAsync("06001", OrgUnitLevel.Commune, province);
            for (var e = 1; e <= Elements; e++)
            {
                db.DataElements.Add(new DataElement { Code = $"E{e}", Name = $"Chỉ số {e}", Unit = "đv" });
            }

            await db.SaveChangesAsync();
        }

        // 40 elements x 2 units x 1,200 months (2000–2099) = 96,000 rows.
        var csv = Path.Combine(Path.GetTempPath(), $"lodestar-kill-{Guid.NewGuid():N}.csv");
        var text = new StringBuilder("dataElement,orgUnit,period,value\n");
        var rows = 0;
        for (var year = 2000; year < 2100; year++)
        {
            for (var month = 1; month <= 12; month++)
            {
                for (var e = 1; e <= Elements; e++)
                {
                    foreach (var unit in new[] { "20", "06001" })
                    {
                        text.Append(CultureInfo.InvariantCulture, $"E{e},{unit},{year}{month:00},{rows++ % 997}.5\n");
                    }
                }
            }
        }

        await File.WriteAllTextAsync(csv, text.ToString());
        try
        {
            foreach (var (saving, after) in new[] { (false, 300), (true, 0), (true, 150) })
            {
                var (finished, _) = await RunCliAsync(csv, new Kill(saving, TimeSpan.FromMilliseconds(after)));
                await using var db = Database.Context();
                var values = await db.DataValues.CountAsync();
                var history = await db.DataValueChanges.CountAsync();
                output.WriteLine($"kill {after} ms after {(saving ? "the save began" : "start")}: {(finished ? "it had finished" : "killed")}, {values} values, {history} history rows");
                Assert.True(values is 0 || values == rows, $"a killed import left {values} of {rows} values");
                Assert.Equal(values, history);
            }

            var (done, stdout) = await RunCliAsync(csv, kill: null);
            Assert.True(done, "the re-run completes");
            Assert.Contains($"Rows {rows.ToString("N0", CultureInfo.CurrentCulture)}", stdout, StringComparison.Ordinal);
            await using var read = Database.Context();
            Assert.Equal(rows, await read.DataValues.CountAsync());
            Assert.Equal(rows, await read.DataValueChanges.CountAsync());
        }
        finally
        {
            File.Delete(csv);
        }
    }

    private sealed record Kill(bool WhenSaving, TimeSpan After);

    /// <summary>Runs `import-values` in its own process; with <paramref name="kill"/>, SIGKILLs it that long after start or after it says it is saving.</summary>
    private async Task<(bool Finished, string Stdout)> RunCliAsync(string csv, Kill? kill)
    {
        using var cli = CliProcess.Start(Database.Settings(), "import-values", "--file", csv);
        if (kill is not null)
        {
            if (kill.WhenSaving)
            {
                await Task.WhenAny(cli.SaidAsync("Checked"), cli.Exited);
            }

            if (await Task.WhenAny(cli.Exited, Task.Delay(kill.After)) != cli.Exited)
            {
                await cli.KillAsync();
                return (false, cli.Stdout);
            }
        }

        await cli.Exited;
        Assert.True(cli.ExitCode == 0, await cli.Stderr);
        return (true, cli.Stdout);
    }
}
