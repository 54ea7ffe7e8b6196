using System.Globalization;
using System.Text;
using Lodestar.Analytics;
using Lodestar.Audit;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Reporting;
using Lodestar.Tests.Reporting;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Tests.Analytics;

/// <summary>
/// Seeded random interleavings of every kind of write the change feed carries — values entered directly and as drafts,
/// report submissions, approvals, returns and re-openings, bulk imports, a value deleted — through two instances of the
/// live model on one database; after every step both instances' rollups equal what the database holds, cell by cell.
/// </summary>
public sealed class ChangeFeedInterleavingTests : DatabaseTest
{
    private static readonly string[] Communes = ["20.X1", "20.X2", "20.X3"];
    private static readonly string[] Loose = ["B1", "B2"]; // elements no report collects: entered directly or imported
    private static readonly string[] Elements = ["HH_TOTAL", "HH_FIBRE", "PCT", .. Loose];
    private static readonly string[] Periods = ["2025Q4", "2026Q1", "2026Q2"];
    private readonly TestClock _clock = new(new DateOnly(2026, 7, 5));

    [Theory]
    [InlineData(20261205)]
    [InlineData(21)]
    public async Task RandomWritesThroughTwoInstances_LeaveBothModelsEqualToTheDatabase_AfterEveryStep(int seed)
    {
        await using (var db = Database.Context(clock: _clock))
        {
            var (province, _) = await ReportingArrange.FormAsync(db);
            foreach (var code in Communes[1..])
            {
                await db.AddUnitAsync(code, OrgUnitLevel.Commune, province);
            }

            db.DataElements.AddRange(Loose.Select(code => new DataElement { Code = code, Name = "Chỉ số " + code, Unit = "đv", MinValue = 0 }));
            await db.SaveChangesAsync();
        }

        await using var a = AnalyticsInstance.Start(Database, _clock, s => s.AddScoped<IAuditActor, StepActor>());
        await using var b = AnalyticsInstance.Start(Database, _clock, s => s.AddScoped<IAuditActor, StepActor>());
        var random = new Random(seed);
        var steps = new List<string>();
        for (var step = 0; step < 40; step++)
        {
            var (through, name) = random.Next(2) == 0 ? (a, "a") : (b, "b");
            steps.Add($"{name}: {await StepAsync(through, random)}");
            await AssertSameAsDatabaseAsync(a.GetRequiredService<LiveAnalytics>(), "a", steps);
            await AssertSameAsDatabaseAsync(b.GetRequiredService<LiveAnalytics>(), "b", steps);
        }
    }

    private static string Value(Random random) => (random.Next(0, 20_000) / 2.0).ToString(CultureInfo.InvariantCulture);

    /// <summary>One random write through <paramref name="instance"/>; says what it was.</summary>
    private static async Task<string> StepAsync(ServiceProvider instance, Random random)
    {
        await using var scope = instance.CreateAsyncScope();
        var services = scope.ServiceProvider;
        switch (random.Next(5))
        {
            case 0:
                {
                    var approved = random.Next(3) > 0;
                    var row = new DataValueInput(Pick(random, Loose), Pick(random, Communes), Pick(random, Periods), Value(random), null);
                    // A draft over an approved value is refused (only the DX office changes it): a step that changes nothing.
                    var saved = await services.GetRequiredService<DataValueService>().SaveAsync([row], ReportingArrange.Anywhere, approved);
                    return $"value {row.DataElement} {row.OrgUnit} {row.Period} = {row.Value}{(approved ? string.Empty : " (draft)")} {(saved.Saved ? "saved" : "refused")}";
                }

            case 1:
                {
                    var approved = random.Next(3) > 0;
                    var csv = new StringBuilder("dataElement,orgUnit,period,value\n");
                    for (var i = 0; i < 4; i++)
                    {
                        csv.Append(CultureInfo.InvariantCulture, $"{Pick(random, Loose)},{Pick(random, Communes)},{Pick(random, Periods)},{Value(random)}\n");
                    }

                    // A file may name one cell twice, or put a draft over an approved value: refused, a step that changes nothing.
                    var imported = await services.GetRequiredService<BulkValueImport>().ImportCsvAsync(new StringReader(csv.ToString()), approved);
                    return $"import{(approved ? string.Empty : " (drafts)")} {(imported.Succeeded ? "saved" : "refused")}: {csv.ToString().Replace('\n', ' ')}";
                }

            case 2:
                {
                    var db = services.GetRequiredService<LodestarDbContext>();
                    var loose = await db.DataValues.Where(v => Loose.Contains(v.DataElement.Code)).OrderBy(v => v.Id).ToListAsync();
                    if (loose.Count == 0)
                    {
                        return "nothing to delete";
                    }

                    var gone = loose[random.Next(loose.Count)];
                    db.DataValues.Remove(gone);
                    await db.SaveChangesAsync();
                    return $"deleted value {gone.Id}";
                }

            default:
                return await ReportStepAsync(services, random);
        }
    }

    /// <summary>The report of 20.X1 for 2026Q2 moves one step: submitted (again), approved, returned or re-opened.</summary>
    private static async Task<string> ReportStepAsync(IServiceProvider services, Random random)
    {
        var db = services.GetRequiredService<LodestarDbContext>();
        var reporting = services.GetRequiredService<ReportingService>();
        var form = (await reporting.FormAsync(ReportingArrange.Form))!;
        var unit = await db.OrgUnits.SingleAsync(u => u.Code == "20.X1");
        var period = Period.Parse("2026Q2");
        var report = await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.OrgUnitId == unit.Id && r.Period == period.Code);
        switch (report?.Status)
        {
            case ReportStatus.Submitted:
                {
                    StepActor.Current.Value = "cds.tinh";
                    var action = random.Next(2) == 0 ? ReportAction.Approve : ReportAction.Return;
                    var decided = await reporting.DecideAsync(form, unit, period, action, action == ReportAction.Return ? "Số hộ chưa khớp với điều tra." : null);
                    Assert.True(decided.Succeeded, string.Join("; ", decided.Problems.Select(p => p.Message.En)));
                    return $"report {action}";
                }

            case ReportStatus.Approved:
                {
                    StepActor.Current.Value = "cds.tinh";
                    var reopened = await reporting.DecideAsync(form, unit, period, ReportAction.Reopen, "Sở TT&TT đề nghị rà soát lại.");
                    Assert.True(reopened.Succeeded, string.Join("; ", reopened.Problems.Select(p => p.Message.En)));
                    return "report reopened";
                }

            default:
                {
                    StepActor.Current.Value = "canbo.x1";
                    var total = 1000 + random.Next(500);
                    var fibre = total - random.Next(300);
                    var saved = await reporting.SaveAsync(form, unit, period,
                        [new("HH_TOTAL", total.ToString(CultureInfo.InvariantCulture), null), new("HH_FIBRE", fibre.ToString(CultureInfo.InvariantCulture), null), new("PCT", random.Next(2) == 0 ? "50" : "75.5", null)],
                        report?.Version ?? 0, submit: true);
                    Assert.True(saved.Succeeded, string.Join("; ", saved.Problems.Select(p => p.Message.En)));
                    return $"report submitted: {total} households, {fibre} on fibre";
                }
        }
    }

    /// <summary>Who writes in this step: the commune's officer submits, the DX office decides (four eyes), "system" otherwise.</summary>
    private sealed class StepActor : IAuditActor
    {
        public static readonly AsyncLocal<string?> Current = new();

        public string Name => Current.Value ?? "system";
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    /// <summary>Every cell of every element and period, and the province's sum, as the database's approved values say.</summary>
    private async Task AssertSameAsDatabaseAsync(LiveAnalytics model, string name, List<string> steps)
    {
        await using var db = Database.Context();
        var stored = await db.DataValues.AsNoTracking().Where(v => v.Approved)
            .Select(v => new { Element = v.DataElement.Code, v.Period, Unit = v.OrgUnit.Code, v.Value }).ToListAsync();
        foreach (var element in Elements)
        {
            foreach (var period in Periods)
            {
                var expected = stored.Where(v => v.Element == element && v.Period == period).ToDictionary(v => v.Unit, v => v.Value);
                var rollup = await model.RollupAsync(element, period, "20");
                var actual = rollup?.Children.Where(c => c.Value is not null).ToDictionary(c => c.Code, c => c.Value!.Value) ?? [];
                var where = $"instance {name}, {element} {period} after:\n{string.Join("\n", steps)}";
                Assert.True(expected.Count == actual.Count && expected.All(e => actual.TryGetValue(e.Key, out var v) && v == e.Value),
                    $"{where}\nexpected {string.Join(", ", expected)}; the model has {string.Join(", ", actual)}");
                Assert.True(Math.Abs((rollup?.Unit.Sum ?? 0) - expected.Values.Sum()) < 1e-6, $"{where}\nsum {rollup?.Unit.Sum} ≠ {expected.Values.Sum()}");
            }
        }
    }
}
