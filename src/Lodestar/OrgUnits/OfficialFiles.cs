using Lodestar.Common;

namespace Lodestar.OrgUnits;

/// <summary>
/// The official CSV files read into units, parent links and lineage edges, each keyed by a deterministic uid.
/// Provinces the reform kept unchanged (old code = new code, sole predecessor) stay one unit across 2025;
/// every other unit before the reform ends on 30/06/2025 and every unit after it starts on 01/07/2025.
/// </summary>
internal sealed class OfficialFiles
{
    internal sealed record Link(string FromUid, string ToUid, DateOnly? ValidFrom, DateOnly? ValidTo);

    internal sealed record Edge(string FromUid, string ToUid, MergeType MergeType);

    private readonly HashSet<string> _keptProvinces;

    private OfficialFiles(HashSet<string> keptProvinces) => _keptProvinces = keptProvinces;

    public List<OrgUnit> Units { get; } = [];

    public List<Link> ParentLinks { get; } = [];

    public List<Edge> Lineage { get; } = [];

    public static string OldUid(string level, string code) => Common.Uid.FromSeed($"{level}:{code}:-2025-06-30");

    public static string NewCommuneUid(string code) => Common.Uid.FromSeed($"commune:{code}:2025-07-01-");

    private static string KeptProvinceUid(string code) => Common.Uid.FromSeed($"province:{code}");

    private static string NewProvinceUid(string code) => Common.Uid.FromSeed($"province:{code}:2025-07-01-");

    public string ProvinceUidBeforeReform(string code) =>
        _keptProvinces.Contains(code) ? KeptProvinceUid(code) : OldUid("province", code);

    public string ProvinceUidAfterReform(string code) =>
        _keptProvinces.Contains(code) ? KeptProvinceUid(code) : NewProvinceUid(code);

    public static OfficialFiles Read(string dir)
    {
        var provinceMap = CsvRows.ReadTable(Path.Combine(dir, "mapping_provinces_2025.csv"));
        var kept = provinceMap
            .GroupBy(r => r["new_code"])
            .Where(g => g.Count() == 1 && g.Single()["old_code"] == g.Key)
            .Select(g => g.Key)
            .ToHashSet();
        var files = new OfficialFiles(kept);

        foreach (var r in CsvRows.ReadTable(Path.Combine(dir, "provinces_pre2025.csv")))
        {
            var isKept = kept.Contains(r["code"]);
            files.Units.Add(Unit(r, OrgUnitLevel.Province, files.ProvinceUidBeforeReform(r["code"]), null, isKept ? null : Dates.LastDayBeforeReform));
        }

        foreach (var r in CsvRows.ReadTable(Path.Combine(dir, "provinces_2025.csv")).Where(r => !kept.Contains(r["code"])))
        {
            files.Units.Add(Unit(r, OrgUnitLevel.Province, NewProvinceUid(r["code"]), Dates.Reform2025, null));
        }

        foreach (var r in CsvRows.ReadTable(Path.Combine(dir, "districts_pre2025.csv")))
        {
            var uid = OldUid("district", r["code"]);
            files.Units.Add(Unit(r, OrgUnitLevel.District, uid, null, Dates.LastDayBeforeReform));
            files.ParentLinks.Add(new Link(uid, files.ProvinceUidBeforeReform(r["province_code"]), null, Dates.LastDayBeforeReform));
        }

        foreach (var r in CsvRows.ReadTable(Path.Combine(dir, "communes_pre2025.csv")))
        {
            var uid = OldUid("commune", r["code"]);
            files.Units.Add(Unit(r, OrgUnitLevel.Commune, uid, null, Dates.LastDayBeforeReform));
            files.ParentLinks.Add(new Link(uid, OldUid("district", r["district_code"]), null, Dates.LastDayBeforeReform));
        }

        foreach (var r in CsvRows.ReadTable(Path.Combine(dir, "communes_2025.csv")))
        {
            var uid = NewCommuneUid(r["code"]);
            files.Units.Add(Unit(r, OrgUnitLevel.Commune, uid, Dates.Reform2025, null));
            files.ParentLinks.Add(new Link(uid, files.ProvinceUidAfterReform(r["province_code"]), Dates.Reform2025, null));
        }

        foreach (var r in provinceMap.Where(r => !kept.Contains(r["new_code"])))
        {
            files.Lineage.Add(new Edge(files.ProvinceUidBeforeReform(r["old_code"]), NewProvinceUid(r["new_code"]), MergeType.Full));
        }

        foreach (var r in CsvRows.ReadTable(Path.Combine(dir, "mapping_communes_2025.csv")))
        {
            var from = OldUid(r["old_level"] == "district" ? "district" : "commune", r["old_code"]);
            var type = r["merge_type"] == "partial" ? MergeType.Partial : MergeType.Full;
            files.Lineage.Add(new Edge(from, NewCommuneUid(r["new_code"]), type));
        }

        return files;
    }

    private static OrgUnit Unit(Dictionary<string, string> r, OrgUnitLevel level, string uid, DateOnly? from, DateOnly? to) => new()
    {
        Uid = uid,
        Code = r["code"],
        Name = r["name"],
        FullName = r["full_name"],
        NameEn = r["name_en"],
        Type = r["type"],
        TypeEn = r["type_en"],
        Level = level,
        ValidFrom = from,
        ValidTo = to,
        IsOfficial = true,
    };
}
