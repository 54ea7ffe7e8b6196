using System.Globalization;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Spreadsheets;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Dti;

/// <summary>
/// One row of a published ranking as printed: the unit by code or by the name the publication gives it, the rank (a shared
/// rank printed as a range: <paramref name="Rank"/>–<paramref name="RankTo"/>), the normalised score 0–1, main indexes 0–1
/// and the source. A part that was not printed is null. <paramref name="Row"/> is the number the row is named by.
/// </summary>
public sealed record PublishedEntry(int Row, string? OrgUnit, string? Name, int? Rank, int? RankTo, double? Score,
    IReadOnlyDictionary<string, double>? MainIndexes, string? Source);

/// <summary>A checked row and the unit it resolved to (on the table's date): what the import will store.</summary>
public sealed record PublishedResult(PublishedEntry Entry, int UnitId, string UnitCode, string UnitName);

/// <summary>
/// Where a published table of <paramref name="Year"/> goes (README, "Published rankings on other units"). On the year's own
/// units (31/12) under the <paramref name="Framework"/> that applies, it becomes that framework's results, scored, ranked and
/// explained like any other (<see cref="Scored"/>). On the units of a later date (<paramref name="UnitsOn"/>: 01/07/2025 for
/// the national DTI 2024 recomputed on the 34 provinces), or for a year without a framework here (2020, 2021), it is kept as
/// printed (<see cref="DtiPublishedRank"/>): rank and index only, no framework pretended. <paramref name="Level"/> and
/// <paramref name="ProvinceId"/> name the ranking (the level of its units, the province that ranks; null: national).
/// </summary>
public sealed record PublishedTarget(OrgUnitLevel Level, int? ProvinceId, int Year, DateOnly UnitsOn, DtiFramework? Framework)
{
    public bool Scored => Framework is not null && UnitsOn == YearEnd(Year);

    /// <summary>"31/12/2024": the date as named in messages, the same in every culture.</summary>
    public string UnitsOnText => UnitsOn.ToDisplay();

    public static DateOnly YearEnd(int year) => new(year, 12, 31);
}

/// <summary>
/// Imports the results a ranking body published (README, "Imported published results"): every row is checked and named
/// before anything is stored, units are resolved by code or name on the table's date (31/12 of the year unless it is on
/// later units), and only what was printed is kept.
/// Who may import is the caller's check (the DX office of the framework's province, administrators for national ones).
/// </summary>
public sealed class DtiPublishedImport(LodestarDbContext db)
{
    /// <summary>At most this many published results in one import (every province, agency and commune fits).</summary>
    public const int MaxRows = 5_000;

    /// <summary>The columns of a published ranking in a file or pasted rows (Vietnamese or English headers).</summary>
    public static readonly string[] Columns = ["rank", "name", "code", "score", "source"];

    private static readonly Dictionary<string, string> HeaderNames = new(StringComparer.Ordinal)
    {
        ["rank"] = "rank", ["hang"] = "rank", ["xep hang"] = "rank",
        ["name"] = "name", ["ten"] = "name", ["don vi"] = "name", ["ten don vi"] = "name",
        ["code"] = "code", ["ma"] = "code", ["ma don vi"] = "code",
        ["score"] = "score", ["diem"] = "score", ["chi so"] = "score",
        ["source"] = "source", ["nguon"] = "source",

        // The row of the user's own file, carried by the page's confirmation (which re-reads its canonical copy) so a
        // problem found then still names the row the user sees.
        ["row"] = "row", ["dong"] = "row",
    };

    private static readonly string[] Prefixes = ["tinh ", "thanh pho ", "tp. ", "tp "];

    /// <summary>A unit's name as compared: without diacritics, case or the "Tỉnh"/"Thành phố" prefix ("Tỉnh Bình Phước" → "binh phuoc").</summary>
    public static string NameKey(string? name)
    {
        var folded = TextFold.Fold(name);
        var prefix = Prefixes.FirstOrDefault(p => folded.StartsWith(p, StringComparison.Ordinal) && folded.Length > p.Length);
        return prefix is null ? folded : folded[prefix.Length..].TrimStart();
    }

    /// <summary>A printed rank: "27", a shared range "32–34" (en dash or hyphen), or empty (not printed).</summary>
    public static bool TryRank(string? text, out int? rank, out int? rankTo)
    {
        (rank, rankTo) = (null, null);
        var t = text?.Trim() ?? string.Empty;
        if (t.Length == 0)
        {
            return true;
        }

        var parts = t.Split(['–', '-', '—'], 2, StringSplitOptions.TrimEntries);
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from))
        {
            return false;
        }

        rank = from;
        if (parts.Length == 1)
        {
            return true;
        }

        rankTo = int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var to) ? to : null;
        return rankTo is not null;
    }

    /// <summary>Reads a CSV (or pasted rows, separated by commas or tabs) with a header row naming the <see cref="Columns"/>.</summary>
    public static async Task<Outcome<IReadOnlyList<PublishedEntry>>> ReadTextAsync(string text, CancellationToken ct = default)
    {
        var rows = new List<(int Line, string?[] Cells)>();
        if (text.Contains('\t', StringComparison.Ordinal))
        {
            rows.AddRange(text.ReplaceLineEndings("\n").Split('\n').Select((l, i) => (i + 1, l.Split('\t').Select(c => (string?)c).ToArray())));
        }
        else
        {
            try
            {
                await foreach (var (line, fields) in CsvRows.ReadAsync(new StringReader(text), ct))
                {
                    rows.Add((line, fields));
                }
            }
            catch (CsvFormatException e)
            {
                return Outcome<IReadOnlyList<PublishedEntry>>.Fail($"results[{e.Line}]", e.Problem.Vi, e.Problem.En);
            }
        }

        return Read(rows);
    }

    /// <summary>Reads the first sheet of an .xlsx whose first row names the <see cref="Columns"/>.</summary>
    public static Outcome<IReadOnlyList<PublishedEntry>> ReadXlsx(Stream stream)
    {
        var book = XlsxReader.Read(stream);
        if (!book.Succeeded)
        {
            return Outcome<IReadOnlyList<PublishedEntry>>.Fail(book.Problems);
        }

        return book.Value!.Count == 0
            ? Outcome<IReadOnlyList<PublishedEntry>>.Fail("file", "Tệp không có trang tính nào.", "The file has no sheet.")
            : Read([.. book.Value[0].Rows.Select(r => (r.Number, r.Cells.ToArray()))]);
    }

    private static Outcome<IReadOnlyList<PublishedEntry>> Read(IReadOnlyList<(int Line, string?[] Cells)> rows)
    {
        var data = rows.Where(r => r.Cells.Any(c => !string.IsNullOrWhiteSpace(c))).ToList();
        if (data.Count == 0)
        {
            return Outcome<IReadOnlyList<PublishedEntry>>.Fail("file", "Không có dòng nào.", "There are no rows.");
        }

        var header = data[0].Cells.Select(c => HeaderNames.GetValueOrDefault(TextFold.Fold(c))).ToList();
        if (!header.Contains("rank") || !header.Contains("score") || !header.Contains("source") || !(header.Contains("name") || header.Contains("code")))
        {
            return Outcome<IReadOnlyList<PublishedEntry>>.Fail("header", $"Dòng {data[0].Line}: tiêu đề phải có các cột hạng, tên hoặc mã, điểm, nguồn (rank, name/code, score, source).",
                $"Row {data[0].Line}: the header needs the columns rank, name or code, score and source.");
        }

        string? Cell(string?[] cells, string column) => header.IndexOf(column) is var i and >= 0 && i < cells.Length ? cells[i]?.Trim() : null;
        var problems = new List<Problem>();
        var entries = new List<PublishedEntry>();
        foreach (var (read, cells) in data.Skip(1))
        {
            var line = int.TryParse(Cell(cells, "row"), NumberStyles.None, CultureInfo.InvariantCulture, out var shown) && shown > 0 ? shown : read;
            var rankText = Cell(cells, "rank");
            var scoreText = Cell(cells, "score")?.Replace(',', '.');
            double? score = null;
            if (!TryRank(rankText, out var rank, out var rankTo))
            {
                problems.Add(new Problem($"results[{line}].rank", new Msg($"Dòng {line}, cột hạng: {ValueRowChecker.Quote(rankText)} không phải hạng (số nguyên, hoặc khoảng như 32–34).",
                    $"Row {line}, rank: {ValueRowChecker.Quote(rankText)} is not a rank (a whole number, or a range such as 32–34).")));
            }

            if (!string.IsNullOrEmpty(scoreText))
            {
                if (double.TryParse(scoreText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s))
                {
                    score = s;
                }
                else
                {
                    problems.Add(new Problem($"results[{line}].score", new Msg($"Dòng {line}, cột điểm: {ValueRowChecker.Quote(Cell(cells, "score"))} không phải số.",
                        $"Row {line}, score: {ValueRowChecker.Quote(Cell(cells, "score"))} is not a number.")));
                }
            }

            entries.Add(new PublishedEntry(line, Cell(cells, "code"), Cell(cells, "name"), rank, rankTo, score, null, Cell(cells, "source")));
        }

        return problems.Count > 0 ? Outcome<IReadOnlyList<PublishedEntry>>.Fail(problems) : Outcome<IReadOnlyList<PublishedEntry>>.Ok(entries);
    }

    /// <summary>
    /// Checks every row and resolves its unit on the target's date (by code, or by name among the units of its level valid
    /// then); nothing is stored. <paramref name="visible"/>: the units the caller may import for (null: all).
    /// </summary>
    public async Task<Outcome<IReadOnlyList<PublishedResult>>> CheckAsync(PublishedTarget target, IReadOnlyList<PublishedEntry?> entries,
        IReadOnlySet<int>? visible, CancellationToken ct = default)
    {
        if (entries.Count is 0 or > MaxRows)
        {
            return Outcome<IReadOnlyList<PublishedResult>>.Fail("results", "Cần từ 1 đến 5.000 dòng kết quả.", "Send between 1 and 5,000 results.");
        }

        if (target.UnitsOn < PublishedTarget.YearEnd(target.Year))
        {
            // A ranking of a year is on the units at its end or on those of a later date (after a merger), never earlier ones.
            return Outcome<IReadOnlyList<PublishedResult>>.Fail("unitsOn", $"Bảng năm {target.Year} tính trên đơn vị ngày 31/12/{target.Year} hoặc một ngày sau đó, không phải {target.UnitsOnText}.",
                $"A {target.Year} table is on the units of 31/12/{target.Year} or of a later date, not {target.UnitsOnText}.");
        }

        var on = target.UnitsOnText;
        var units = await db.OrgUnits.AsNoTracking().ValidOn(target.UnitsOn).Where(u => u.Level == target.Level)
            .Select(u => new { u.Id, u.Code, u.Name, u.FullName }).ToListAsync(ct);
        var byCode = units.ToDictionary(u => u.Code, StringComparer.Ordinal);
        var byName = units.Where(u => visible is null || visible.Contains(u.Id))
            .SelectMany(u => new[] { NameKey(u.Name), NameKey(u.FullName) }.Distinct().Select(k => (Key: k, Unit: u)))
            .ToLookup(x => x.Key, x => x.Unit);
        var nodes = target.Scored ? target.Framework!.Nodes : [];
        var mains = nodes.Where(n => n.Kind == NodeKind.Main).ToDictionary(n => n.Code);
        var parents = nodes.Select(n => n.ParentCode).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var problems = new List<Problem>();
        var results = new List<PublishedResult>();
        var firstRowOfUnit = new Dictionary<int, int>();
        foreach (var (entry, i) in entries.Select((x, i) => (x, i + 1)))
        {
            if (entry is null)
            {
                problems.Add(new Problem($"results[{i}]", new Msg($"Dòng {i}: trống.", $"Row {i}: empty.")));
                continue;
            }

            var row = entry.Row;
            var before = problems.Count;
            void Bad(string field, Msg fieldName, string vi, string en) =>
                problems.Add(new Problem($"results[{row}].{field}", new Msg($"Dòng {row}, {fieldName.Vi}: {vi}", $"Row {row}, {fieldName.En}: {en}")));

            var code = entry.OrgUnit?.Trim();
            var name = entry.Name?.Trim();
            var unit = string.IsNullOrEmpty(code) ? null : byCode.GetValueOrDefault(code);
            if (!string.IsNullOrEmpty(code) && unit is null)
            {
                Bad("orgUnit", Field.Unit, $"không có đơn vị mã {ValueRowChecker.Quote(code)} cùng cấp bộ chỉ số ngày {on}.",
                    $"there is no unit with code {ValueRowChecker.Quote(code)} at the framework's level on {on}.");
            }
            else if (!string.IsNullOrEmpty(name))
            {
                var named = byName[NameKey(name)].Distinct().ToList();
                if (named.Count == 0)
                {
                    Bad("name", Field.Unit, $"không có đơn vị tên {ValueRowChecker.Quote(name)} cùng cấp bộ chỉ số ngày {on}.",
                        $"there is no unit named {ValueRowChecker.Quote(name)} at the framework's level on {on}.");
                }
                else if (named.Count > 1 && unit is null)
                {
                    var list = string.Join(", ", named.Select(u => $"{u.FullName} ({u.Code})"));
                    Bad("name", Field.Unit, $"tên {ValueRowChecker.Quote(name)} trùng {named.Count} đơn vị ({list}): ghi mã đơn vị.",
                        $"the name {ValueRowChecker.Quote(name)} matches {named.Count} units ({list}): give the unit's code.");
                }
                else if (unit is not null && !named.Contains(unit))
                {
                    Bad("name", Field.Unit, $"mã {ValueRowChecker.Quote(code)} là {unit.FullName}, không phải {ValueRowChecker.Quote(name)}.",
                        $"code {ValueRowChecker.Quote(code)} is {unit.FullName}, not {ValueRowChecker.Quote(name)}.");
                }
                else
                {
                    unit ??= named[0];
                }
            }
            else if (unit is null)
            {
                Bad("orgUnit", Field.Unit, "cần mã hoặc tên đơn vị.", "needs the unit's code or name.");
            }

            if (unit is not null && visible is not null && !visible.Contains(unit.Id))
            {
                Bad("orgUnit", Field.Unit, $"{unit.FullName} nằm ngoài phạm vi tài khoản của bạn.", $"{unit.FullName} is outside your account's scope.");
            }
            else if (unit is not null && firstRowOfUnit.TryGetValue(unit.Id, out var first))
            {
                Bad("orgUnit", Field.Unit, $"trùng đơn vị với dòng {first}.", $"the same unit as row {first}.");
            }

            if (entry.Rank is < 1 || entry.RankTo <= entry.Rank || (entry.RankTo is not null && entry.Rank is null))
            {
                Bad("rank", Field.Rank, "hạng là số nguyên từ 1; hạng chung ghi từ … đến … với số sau lớn hơn (32–34).",
                    "a rank is a whole number from 1; a shared rank runs from … to … with the second larger (32–34).");
            }

            if (entry.Score is not null and not (>= 0 and <= 1))
            {
                Bad("score", Field.Score, $"điểm {entry.Score.Value.ToString(CultureInfo.InvariantCulture)} phải từ 0 đến 1.",
                    $"the score {entry.Score.Value.ToString(CultureInfo.InvariantCulture)} must be between 0 and 1.");
            }

            if (entry.Rank is null && entry.Score is null)
            {
                Bad("rank", Field.Rank, "cần hạng, điểm, hoặc cả hai như bảng công bố.", "needs the rank, the score or both, as published.");
            }

            foreach (var (key, value) in entry.MainIndexes ?? new Dictionary<string, double>())
            {
                if (!target.Scored)
                {
                    // Kept as printed, not scored: main indexes would need a framework of the year on its own units.
                    Bad("mainIndexes", Field.Main, $"bảng trên đơn vị ngày {on} {(target.Framework is null ? "của năm chưa có bộ chỉ số " : "")}chỉ giữ hạng và điểm như công bố: không nhập chỉ số chính.",
                        $"a table on the units of {on} {(target.Framework is null ? "of a year without a framework " : "")}keeps only the rank and score as published: main indexes cannot be imported.");
                    break;
                }

                if (!mains.ContainsKey(key))
                {
                    Bad("mainIndexes", Field.Main, $"{ValueRowChecker.Quote(key)} không phải chỉ số chính của {target.Framework!.Code}.", $"{ValueRowChecker.Quote(key)} is not a main index of {target.Framework!.Code}.");
                }
                else if (parents.Contains(key))
                {
                    // Its points are the sum of its components: a published value could only be dropped, so it is refused.
                    Bad("mainIndexes", Field.Main, $"chỉ số chính {ValueRowChecker.Quote(key)} có chỉ số thành phần, điểm của nó là tổng các thành phần: không nhập giá trị công bố được.",
                        $"main index {ValueRowChecker.Quote(key)} has components and its points are their sum: a published value cannot be imported.");
                }
                else if (value is not (>= 0 and <= 1))
                {
                    Bad("mainIndexes", Field.Main, $"chỉ số chính {ValueRowChecker.Quote(key)} phải từ 0 đến 1.", $"main index {ValueRowChecker.Quote(key)} must be between 0 and 1.");
                }
            }

            var source = entry.Source?.Trim();
            if (string.IsNullOrWhiteSpace(source) || source.Length > 500 || TextFold.LooksLikeMarkup(source))
            {
                Bad("source", Field.Source, "cần nguồn, văn bản thường đến 500 ký tự, không có mã HTML.", "needs the source, plain text of up to 500 characters, without HTML.");
            }

            if (problems.Count == before && unit is not null)
            {
                firstRowOfUnit[unit.Id] = row;
                results.Add(new PublishedResult(entry with { Source = source }, unit.Id, unit.Code, unit.Name));
            }
        }

        return problems.Count > 0 ? Outcome<IReadOnlyList<PublishedResult>>.Fail(problems) : Outcome<IReadOnlyList<PublishedResult>>.Ok(results);
    }

    /// <summary>
    /// Stores checked rows as printed: on a scored target each unit's assessment of the year becomes the published result;
    /// otherwise each unit's row of the ranking on that date (<see cref="DtiPublishedRank"/>) is replaced.
    /// </summary>
    public async Task SaveAsync(PublishedTarget target, IReadOnlyList<PublishedResult> results, CancellationToken ct = default)
    {
        if (!target.Scored)
        {
            await SaveRanksAsync(target, results, ct);
            return;
        }

        var (f, year) = (target.Framework!, target.Year);
        var mains = f.Nodes.Where(n => n.Kind == NodeKind.Main).ToDictionary(n => n.Code);
        var ids = results.Select(r => r.UnitId).ToList();
        var existing = await db.DtiAssessments.Include(x => x.Items)
            .Where(x => x.FrameworkId == f.Id && x.Year == year && ids.Contains(x.OrgUnitId)).ToDictionaryAsync(x => x.OrgUnitId, ct);
        foreach (var r in results)
        {
            if (!existing.TryGetValue(r.UnitId, out var a))
            {
                db.DtiAssessments.Add(a = new DtiAssessment { FrameworkId = f.Id, OrgUnitId = r.UnitId, Year = year });
            }

            var e = r.Entry;
            (a.Origin, a.State, a.PublishedRank, a.PublishedRankTo, a.PublishedScore, a.Source, a.IsDemo) =
                (AssessmentOrigin.Published, AssessmentState.Published, e.Rank, e.RankTo, e.Score, e.Source, false);
            a.Items.Clear();
            foreach (var (code, value) in e.MainIndexes ?? new Dictionary<string, double>())
            {
                a.Items.Add(new DtiItem { NodeCode = code, A = value * mains[code].MaxPoints, Review = ItemReview.Accepted });
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private async Task SaveRanksAsync(PublishedTarget target, IReadOnlyList<PublishedResult> results, CancellationToken ct)
    {
        var ids = results.Select(r => r.UnitId).ToList();
        var existing = await db.DtiPublishedRanks.Where(r => r.Year == target.Year && r.UnitsOn == target.UnitsOn && ids.Contains(r.OrgUnitId))
            .ToDictionaryAsync(r => r.OrgUnitId, ct);
        foreach (var r in results)
        {
            if (!existing.TryGetValue(r.UnitId, out var row))
            {
                db.DtiPublishedRanks.Add(row = new DtiPublishedRank { Year = target.Year, UnitsOn = target.UnitsOn, OrgUnitId = r.UnitId });
            }

            (row.ProvinceId, row.Rank, row.RankTo, row.Score, row.Source) = (target.ProvinceId, r.Entry.Rank, r.Entry.RankTo, r.Entry.Score, r.Entry.Source ?? string.Empty);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The fields a row's problem is named by.</summary>
    private static class Field
    {
        public static readonly Msg Unit = new("đơn vị", "unit");
        public static readonly Msg Rank = new("hạng", "rank");
        public static readonly Msg Score = new("điểm", "score");
        public static readonly Msg Main = new("chỉ số chính", "main index");
        public static readonly Msg Source = new("nguồn", "source");
    }
}
