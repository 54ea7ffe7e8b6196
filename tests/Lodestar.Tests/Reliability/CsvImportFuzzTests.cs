using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Lodestar.Tests.Reliability;

/// <summary>
/// 1,500 seeded CSV files through the bulk import (the CLI's import-values): each a valid file of 2–6 rows either
/// damaged by one mutation that makes it invalid (bad quoting, wrong columns, NUL bytes, huge lines, text numbers,
/// vi-VN "1.234,5", NFD codes, HTML, stray BOMs, duplicates...) — then refused with every problem naming its line and
/// field in Vietnamese and English, and nothing stored — or changed in a way that keeps it valid (BOM, CRLF, CR-only
/// lines, quoting, column order, header case) — then stored with exactly the file's values.
/// </summary>
public sealed partial class CsvImportFuzzTests(ITestOutputHelper output) : DatabaseTest
{
    private const int Seed = 20261129;
    private const int Cases = 1_500;

    private static readonly string[] HeaderColumns = ["dataElement,", "orgUnit,", "period,", "value,"];
    private static readonly string[] TextNumbers = ["mười", "12%", "1e400", "NaN", "Infinity", "0x10", ""];
    private static readonly string[] BadPeriods = ["2025Q5", "202513", "2025S3", "Q1/2025", "2025-01", ""];

    [Fact]
    public async Task MalformedCsv_IsRefusedNamingLineAndField_WithNothingStored_ValidVariantsStoredExactly()
    {
        await using (var arrange = Database.Context())
        {
            var province = await arrange.AddUnitAsync("20", OrgUnitLevel.Province);
            await arrange.AddUnitAsync("06001", OrgUnitLevel.Commune, province);
            for (var e = 1; e <= 5; e++)
            {
                arrange.DataElements.Add(new DataElement { Code = $"E{e}", Name = $"Chỉ số {e}", Unit = "đv", MinValue = 0, MaxValue = 1_000_000 });
            }

            await arrange.SaveChangesAsync();
        }

        // One open connection for the whole run (the test database does not pool): on PostgreSQL a connection per
        // check cost more than the import itself.
        await using var db = Database.Context();
        await db.Database.OpenConnectionAsync();
        var import = new BulkValueImport(db, new OrgUnitQueries(db));
        var random = new Random(Seed);
        var kinds = new Dictionary<string, int>();
        var (refused, stored) = (0, 0);
        var started = DateTime.UtcNow;
        for (var n = 0; n < Cases; n++)
        {
            var rows = Rows(random);
            var (kind, valid, text) = Mutate(random, rows);
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            var what = $"seed {Seed}, case {n} ({kind}): {Shorten(text)}";
            var before = await CountsAsync(db);
            db.ChangeTracker.Clear();
            var outcome = await import.ImportCsvAsync(new StringReader(text));
            if (valid)
            {
                Assert.True(outcome.Succeeded, $"a valid file was refused: {string.Join(" | ", outcome.Problems.Select(p => $"{p.Field}: {p.Message.En}"))}; {what}");
                Assert.Equal(rows.Count, outcome.Value!.Rows);
                foreach (var row in rows)
                {
                    var value = await db.DataValues.AsNoTracking().SingleAsync(v => v.DataElement.Code == row.Element && v.OrgUnit.Code == row.Unit && v.Period == row.Period);
                    Assert.True(value.Value == row.Value && value.Comment == row.Comment, $"{row} stored as {value.Value} '{value.Comment}'; {what}");
                }

                stored++;
                continue;
            }

            Assert.False(outcome.Succeeded, $"an invalid file was accepted; {what}");
            Assert.NotEmpty(outcome.Problems);
            foreach (var problem in outcome.Problems)
            {
                Assert.True(FieldName().IsMatch(problem.Field), $"'{problem.Field}' names no line or field; {what}");
                Assert.True(problem.Message.Vi.Length > 5 && problem.Message.En.Length > 5 && problem.Message.Vi != problem.Message.En, $"{problem}; {what}");
                Assert.True(problem.Message.Vi.Length < 2_000, $"a {problem.Message.Vi.Length:N0}-character message; {what}");
            }

            Assert.True(before == await CountsAsync(db), $"a refused file changed the store; {what}");
            refused++;
        }

        output.WriteLine($"{Cases} CSV files (seed {Seed}) in {(DateTime.UtcNow - started).TotalSeconds:0.0} s: {refused} refused, {stored} valid variants stored; " +
                         string.Join(", ", kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}")));
    }

    private sealed record Row(string Element, string Unit, string Period, double Value, string? Comment);

    /// <summary>2–6 rows, distinct keys, values with decimals, and sometimes a comment.</summary>
    private static List<Row> Rows(Random r)
    {
        var keys = new HashSet<(string, string, string)>();
        var rows = new List<Row>();
        var size = r.Next(2, 7);
        while (rows.Count < size)
        {
            var row = new Row($"E{r.Next(1, 6)}", r.Next(2) == 0 ? "20" : "06001", $"{r.Next(2000, 2100)}Q{r.Next(1, 5)}", r.Next(0, 100_000) / 4.0,
                r.Next(3) == 0 ? "ghi chú thử" : null);
            if (keys.Add((row.Element, row.Unit, row.Period)))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    private static string Number(double v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Csv(IEnumerable<Row> rows, string newline = "\n", bool quoteAll = false)
    {
        string Q(string s) => quoteAll ? $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : s;
        var text = new StringBuilder($"dataElement,orgUnit,period,value,comment{newline}");
        foreach (var x in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Q(x.Element)},{Q(x.Unit)},{Q(x.Period)},{Q(Number(x.Value))},{Q(x.Comment ?? "")}{newline}");
        }

        return text.ToString();
    }

    /// <summary>One change: its name, whether the file stays valid, and the file's text.</summary>
    private static (string Kind, bool Valid, string Text) Mutate(Random r, List<Row> rows)
    {
        var i = r.Next(rows.Count);
        var line = i + 2;
        List<Row> With(Row row)
        {
            var copy = rows.ToList();
            copy[i] = row;
            return copy;
        }

        string ReplaceLine(string text, Func<string, string> change)
        {
            var lines = text.Split('\n');
            lines[line - 1] = change(lines[line - 1]);
            return string.Join('\n', lines);
        }

        string[] FieldsOf(Row x) => [x.Element, x.Unit, x.Period, Number(x.Value), x.Comment ?? ""];
        switch (r.Next(26))
        {
            // Changes that keep the file valid.
            case 0: return ("valid: BOM", true, "\uFEFF" + Csv(rows));
            case 1: return ("valid: CRLF", true, Csv(rows, "\r\n"));
            case 2: return ("valid: CR-only lines", true, Csv(rows, "\r"));
            case 3:
                for (var k = 0; k < rows.Count; k++)
                {
                    rows[k] = rows[k].Comment is null ? rows[k] : rows[k] with { Comment = "có dấu phẩy, và \"ngoặc\"\nxuống dòng" };
                }

                return ("valid: every field quoted", true, Csv(rows, quoteAll: true));
            case 4:
                {
                    var text = new StringBuilder("Comment,VALUE,period,orgUnit,DataElement\n");
                    foreach (var x in rows)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"{x.Comment},{Number(x.Value)},{x.Period},{x.Unit},{x.Element}\n");
                    }

                    return ("valid: columns reordered, header case", true, text + "\n\n");
                }

            // Changes that make it invalid.
            case 5: return ("unclosed quote", false, ReplaceLine(Csv(rows), l => l.Insert(l.LastIndexOf(',') + 1, "\"")));
            case 6: return ("quote inside a field", false, ReplaceLine(Csv(rows), l => l.Insert(1, "\"")));
            case 7: return ("missing header column", false, Csv(rows).Replace(HeaderColumns[r.Next(HeaderColumns.Length)], "", StringComparison.Ordinal));
            case 8: return ("semicolons", false, Csv(rows).Replace(",", ";", StringComparison.Ordinal));
            case 9: return ("a field too few", false, ReplaceLine(Csv(rows), l => l[(l.IndexOf(',') + 1)..]));
            case 10: return ("a field too many", false, ReplaceLine(Csv(rows), l => l + ",thừa"));
            case 11:
                {
                    var f = FieldsOf(rows[i]);
                    var k = r.Next(f.Length);
                    f[k] = f[k].Insert(r.Next(f[k].Length + 1), "\0");
                    return ("NUL byte", false, ReplaceLine(Csv(rows), _ => string.Join(',', f)));
                }

            case 12: return ("huge line", false, ReplaceLine(Csv(rows), l => r.Next(2) == 0 ? l + new string('x', 1_000_000) : new string('E', 500_000) + l));
            case 13: return ("text number", false, Csv(With(rows[i] with { Value = 0 })).Replace($",{rows[i].Period},0,", $",{rows[i].Period},{TextNumbers[r.Next(TextNumbers.Length)]},", StringComparison.Ordinal));
            case 14 or 15:
                {
                    var f = FieldsOf(rows[i]);
                    f[3] = r.Next(2) == 0 ? "1.234,5" : "\"1.234,5\"";
                    return ("vi-VN number", false, ReplaceLine(Csv(rows), _ => string.Join(',', f)));
                }

            case 16: return ("NFD code", false, Csv(With(rows[i] with { Element = rows[i].Element + "\u0301" })));
            case 17: return ("HTML", false, Csv(With(r.Next(2) == 0 ? rows[i] with { Comment = "<script>alert(1)</script>" } : rows[i] with { Unit = "<b>20</b>" })));
            case 18: return ("BOM inside", false, Csv(With(rows[i] with { Element = "\uFEFF" + rows[i].Element })));
            case 19: return ("wrong period", false, Csv(With(rows[i] with { Period = BadPeriods[r.Next(BadPeriods.Length)] })));
            case 20: return ("unknown unit or element", false, Csv(With(r.Next(2) == 0 ? rows[i] with { Unit = "99999" } : rows[i] with { Element = "E9" })));
            case 21: return ("duplicate row", false, Csv([.. rows, rows[i] with { Value = rows[i].Value + 1 }]));
            case 22: return ("no rows", false, new[] { "", "dataElement,orgUnit,period,value\n", "\uFEFF", "\n\n\n" }[r.Next(4)]);
            case 23: return ("out of range", false, Csv(With(rows[i] with { Value = -1 - rows[i].Value })));
            case 24: return ("long comment", false, Csv(With(rows[i] with { Comment = new string('à', 2_001) })));
            default: return ("binary", false, Csv(rows).Insert(r.Next(20), "\u0001\u0002\uFFFD\uFFFE"));
        }
    }

    private static async Task<(int Values, int History, int Audit)> CountsAsync(Lodestar.Data.LodestarDbContext db) =>
        (await db.DataValues.CountAsync(), await db.DataValueChanges.CountAsync(), await db.AuditEntries.CountAsync());

    private static string Shorten(string text) =>
        (text.Length <= 300 ? text : text[..300] + $"… ({text.Length:N0} chars)").Replace("\0", "\\0", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);

    [GeneratedRegex(@"^(file|line\d+(\.(dataElement|orgUnit|period|value|comment))?)$")]
    private static partial Regex FieldName();
}
