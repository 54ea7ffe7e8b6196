using System.Globalization;
using System.Text;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Programmes;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Operations;

/// <summary>How big the synthetic national dataset is, and from which seed.</summary>
/// <param name="Seed">The same seed and sizes give the same dataset.</param>
/// <param name="Elements">Data elements (SYN.001 …).</param>
/// <param name="Years">Years of values, ending with <paramref name="LastYear"/>: every quarter and the year.</param>
/// <param name="Coverage">Share (0–1] of the (element, unit) pairs that report; the same pairs report every period.</param>
/// <param name="AgenciesPerProvince">Agencies added under each province (SYN.&lt;province&gt;.01 …, from the reform of 01/07/2025).</param>
/// <param name="LastYear">The last year of values.</param>
/// <param name="TasksPerProvince">Tasks per province, owned by its agencies and communes, in every state.</param>
/// <param name="DtiYears">Years of DTI assessments ending with <paramref name="LastYear"/> (none before 2025).</param>
public sealed record NationalSize(int Seed = 1, int Elements = 120, int Years = 6, double Coverage = 0.2, int AgenciesPerProvince = 20, int LastYear = 2026, int TasksPerProvince = 40, int DtiYears = 2);

/// <summary>What the generator added.</summary>
/// <param name="Changed">Values created or changed (0 when the same dataset was already there).</param>
/// <param name="Heads">Head positions added (one per province, commune and agency, with a synthetic holder).</param>
public sealed record NationalSummary(int Agencies, int Elements, int Accounts, long Values, long Changed, int Heads, int Tasks, int Assessments, TimeSpan Elapsed)
{
    /// <summary>Targets added to the national programme (<see cref="NationalDataset.ProgrammeCode"/>).</summary>
    public int Targets { get; init; }
}

/// <summary>
/// A synthetic national dataset for measuring Lodestar at the scale of the country: the official units (34 provinces,
/// 3,321 communes since 01/07/2025; the 63 provinces and their communes before), agencies under each province, data
/// elements, a reporting officer per province, values for every quarter and year — on the units valid at each
/// period's end, so history before the reform sits on the old communes — a head for every unit, tasks in every state,
/// DTI assessments and a national programme with targets on SYN elements (NationalDataset.Work.cs). Values go through
/// <see cref="BulkValueImport"/> one period at a time, the path an operator's CSV import takes (checked, one transaction per period, history kept).
/// Reproducible: the seed decides which pairs report and every value. Running it again changes nothing.
/// </summary>
public sealed partial class NationalDataset(LodestarDbContext db, OfficialUnitImporter official, BulkValueImport import, AccountService accounts, ProgrammeService programmes)
{
    public const string ElementPrefix = "SYN.";

    /// <summary>Adds the dataset; <paramref name="progress"/> hears each period as it is stored (done, total, values so far).</summary>
    public async Task<NationalSummary> GenerateAsync(NationalSize size, Action<string, int, int, long>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(size);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await official.ImportAsync(null, ct);
        var agencies = await AddAgenciesAsync(size.AgenciesPerProvince, ct);
        var elements = await AddElementsAsync(size.Elements, ct);
        var officers = await AddAccountsAsync(size.Seed, ct);
        var today = new DateOnly(size.LastYear, 12, 31);
        int heads, tasks, assessments;
        db.SkipEntityAudit = true; // like the demo and the official units: synthetic rows, not anybody's change
        try
        {
            heads = await AddHeadsAsync(today, ct);
            tasks = await AddTasksAsync(size, today, ct);
            assessments = await AddDtiAsync(size, today, ct);
        }
        finally
        {
            db.SkipEntityAudit = false;
        }

        var targets = await AddProgrammeAsync(elements.Count, ct);

        var periods = Enumerable.Range(size.LastYear - size.Years + 1, size.Years)
            .SelectMany(y => Enumerable.Range(1, 4).Select(q => new Period(PeriodType.Quarter, y, q)).Append(Period.OfYear(y)))
            .ToList();
        long values = 0, changed = 0;
        for (var i = 0; i < periods.Count; i++)
        {
            var period = periods[i];
            var units = await db.OrgUnits.AsNoTracking().ValidOn(period.End)
                .Where(u => u.Level == OrgUnitLevel.Commune || u.Level == OrgUnitLevel.Agency)
                .OrderBy(u => u.Code).Select(u => u.Code).ToListAsync(ct);
            var csv = Csv(size, elements, units, period, out var rows);
            var outcome = await import.ImportCsvAsync(new StringReader(csv), ct: ct);
            if (!outcome.Succeeded)
            {
                throw new InvalidOperationException($"{period.Code}: " + string.Join("; ", outcome.Problems.Take(5).Select(p => p.Message.En)));
            }

            values += rows;
            changed += outcome.Value!.Created + outcome.Value.Updated;
            progress?.Invoke(period.Code, i + 1, periods.Count, values);
        }

        return new NationalSummary(agencies, elements.Count, officers, values, changed, heads, tasks, assessments, System.Diagnostics.Stopwatch.GetElapsedTime(started)) { Targets = targets };
    }

    /// <summary>One period's values as CSV: each reporting (element, unit) pair once.</summary>
    private static string Csv(NationalSize size, List<string> elements, List<string> units, Period period, out long rows)
    {
        var csv = new StringBuilder(units.Count * elements.Count * 8);
        csv.Append("dataElement,orgUnit,period,value\n");
        rows = 0;
        var t = period.EndAsYear - (size.LastYear - size.Years);
        for (var e = 0; e < elements.Count; e++)
        {
            var scale = Math.Pow(10, e % 4) * (1 + (e % 7));
            foreach (var unit in units)
            {
                var key = Mix((ulong)size.Seed, (ulong)e, Fnv(unit));
                if (Unit(key) >= size.Coverage)
                {
                    continue;
                }

                // A level of its own per pair, growing 3–12% a year, with ±10% noise per period; a year's value is its level.
                var level = scale * (0.5 + Unit(Mix(key, 1, 0)));
                var growth = 0.03 + (0.09 * Unit(Mix(key, 2, 0)));
                var noise = period.Type == PeriodType.Year ? 1 : 0.9 + (0.2 * Unit(Mix(key, 3, (ulong)((period.Year * 4) + period.Index))));
                var value = Math.Round(level * Math.Pow(1 + growth, t) * noise, 1);
                csv.Append(elements[e]).Append(',').Append(unit).Append(',').Append(period.Code).Append(',')
                    .Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
                rows++;
            }
        }

        return csv.ToString();
    }

    private async Task<int> AddAgenciesAsync(int perProvince, CancellationToken ct)
    {
        var from = Dates.Reform2025;
        var provinces = await db.OrgUnits.ValidOn(from).Where(u => u.Level == OrgUnitLevel.Province && u.IsOfficial).OrderBy(u => u.Code).ToListAsync(ct);
        var existing = (await db.OrgUnits.Where(u => u.Level == OrgUnitLevel.Agency).Select(u => u.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var added = 0;
        foreach (var province in provinces)
        {
            for (var k = 1; k <= perProvince; k++)
            {
                var code = $"SYN.{province.Code}.{k:00}"; // apart from the demo's agencies (20.SKHCN …)
                if (existing.Contains(code))
                {
                    continue;
                }

                var name = $"Cơ quan {k:00} (tổng hợp) – {province.Name}";
                var agency = new OrgUnit { Code = code, Name = name, FullName = name, Type = "Cơ quan", TypeEn = "Agency", Level = OrgUnitLevel.Agency, ValidFrom = from };
                db.OrgUnits.Add(agency);
                db.OrgUnitParents.Add(new OrgUnitParentLink { Child = agency, Parent = province, ValidFrom = from });
                added++;
            }
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return added;
    }

    private async Task<List<string>> AddElementsAsync(int count, CancellationToken ct)
    {
        var codes = Enumerable.Range(1, count).Select(k => $"{ElementPrefix}{k:000}").ToList();
        var existing = (await db.DataElements.Where(e => e.Code.StartsWith(ElementPrefix)).Select(e => e.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        string[] units = ["hộ", "hồ sơ", "người", "lượt"];
        foreach (var (code, k) in codes.Select((c, k) => (c, k)).Where(x => !existing.Contains(x.c)))
        {
            db.DataElements.Add(new DataElement
            {
                Code = code,
                Name = $"Chỉ số dữ liệu tổng hợp {k + 1:000}",
                NameEn = $"Synthetic data element {k + 1:000}",
                Unit = units[k % units.Length],
                TimeAggregation = k % 3 == 0 ? TimeAggregation.Sum : TimeAggregation.Last,
                MinValue = 0,
                Description = "Dữ liệu tổng hợp để đo hiệu năng ở quy mô toàn quốc; không phải số liệu thật.",
            });
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return codes;
    }

    /// <summary>A reporting officer per province (syn.&lt;code&gt;), with a password derived from the seed (printed by the CLI).</summary>
    private async Task<int> AddAccountsAsync(int seed, CancellationToken ct)
    {
        await accounts.EnsureRolesAsync();
        var provinces = await db.OrgUnits.AsNoTracking().ValidOn(Dates.Reform2025).Where(u => u.Level == OrgUnitLevel.Province && u.IsOfficial)
            .OrderBy(u => u.Code).Select(u => new { u.Code, u.Name }).ToListAsync(ct);
        var existing = (await db.Users.Where(u => u.UserName!.StartsWith("syn.")).Select(u => u.UserName!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var added = 0;
        foreach (var p in provinces.Where(p => !existing.Contains($"syn.{p.Code}")))
        {
            var outcome = await accounts.CreateAsync(new NewAccount($"syn.{p.Code}", $"Cán bộ báo cáo (tổng hợp) {p.Name}", null, Roles.ReportingOfficer, p.Code, Password(seed)), ct);
            added += outcome.Succeeded ? 1 : 0;
        }

        return added;
    }

    /// <summary>The password of the generated accounts for a seed.</summary>
    public static string Password(int seed) => $"Synthetic{seed}x{(uint)Mix((ulong)seed, 11, 13) % 100000:00000}";

    private static ulong Fnv(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var c in s)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h;
    }

    /// <summary>SplitMix64 of three inputs: a stable pseudo-random number per key.</summary>
    private static ulong Mix(ulong a, ulong b, ulong c)
    {
        var z = a + (b * 0x9E3779B97F4A7C15UL) + (c * 0xBF58476D1CE4E5B9UL) + 0x94D049BB133111EBUL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static double Unit(ulong x) => (x >> 11) * (1.0 / (1UL << 53));
}
