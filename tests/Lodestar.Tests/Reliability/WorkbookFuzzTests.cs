using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Lodestar.Common;
using Lodestar.Dti;
using Lodestar.Reporting;
using Lodestar.Spreadsheets;
using Lodestar.Tasks;
using Xunit.Abstractions;

namespace Lodestar.Tests.Reliability;

/// <summary>
/// Thousands of malformed workbooks, generated from valid ones with a fixed seed (so a failure reproduces), through
/// every workbook reader users reach: the report upload, the DTI framework sheet, the task plan. Each must be answered
/// with problems in Vietnamese and English or read cleanly — never an exception, never a hang on a zip bomb.
/// </summary>
public sealed partial class WorkbookFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261123;
    private const int Cases = 1_500;

    private static readonly string[] Nasty =
    [
        "", " ", "abc", "1e309", "-1e309", "NaN", "Infinity", "-0", "1.234,5", "12,5", "0x1F", "=SUM(A1:A9)", "<b>Hà Nội</b>",
        "<script>alert(1)</script>", "Ha\u0300 No\u0323i", "\u0001\u0002", "\uFFFE", "😀", new string('9', 400), new string('x', 40_000),
        "2025Q5", "202513", "2025S3", "99999", "-5", "ЛС-01", "null", "true", "&amp;", "]]>",
    ];

    [Fact]
    public void MalformedWorkbooks_AreAnsweredWithBilingualProblems_NeverAnException()
    {
        var seeds = new (string Name, byte[] Bytes)[] { ("report", ReportWorkbook()), ("framework", FrameworkWorkbook()), ("plan", TaskSheets.Template(false)) };
        var random = new Random(Seed);
        var (refused, read, worst) = (0, 0, TimeSpan.Zero);
        for (var i = 0; i < Cases; i++)
        {
            var (name, bytes) = seeds[i % seeds.Length];
            var (how, input) = Mutate(random, bytes);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                var outcomes = new[] { Check(ReportSheets.Parse(new MemoryStream(input))), CheckFramework(input) };
                refused += outcomes.Count(ok => !ok);
                read += outcomes.Count(ok => ok);
            }
            catch (Exception e)
            {
                Assert.Fail($"Case {i} ({name}, {how}) threw {e.GetType().Name}: {e.Message}");
            }

            var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            worst = took > worst ? took : worst;
        }

        output.WriteLine($"{Cases} malformed workbooks × 2 readers: {refused} refused with named problems, {read} read cleanly; slowest case {worst.TotalMilliseconds:F0} ms.");
        Assert.True(refused > Cases, "most malformed inputs must be refused; the generator is not producing damage");
    }

    [Fact]
    public void ZipBomb_IsRefusedByItsExpandedSize_BeforeItIsRead()
    {
        // With a 100 KB upload limit, 12 MB of repeated rows compress to a file that passes it, but expands 120 times.
        const long limit = 100 * 1024;
        var bomb = Rewrite(ReportWorkbook(), "xl/worksheets/sheet1.xml", xml =>
        {
            var data = SheetData().Match(xml);
            Assert.True(data.Success, "the sheet has its rows in sheetData");
            var x = data.Groups[1].Success ? data.Groups[1].Value : data.Groups[2].Value;
            var rows = new StringBuilder();
            var row = $"<{x}row><{x}c t=\"inlineStr\"><{x}is><{x}t>{new string('A', 1000)}</{x}t></{x}is></{x}c></{x}row>";
            while (rows.Length < 12_000_000)
            {
                rows.Append(row);
            }

            return string.Concat(xml.AsSpan(0, data.Index), $"<{x}sheetData>{rows}</{x}sheetData>", xml.AsSpan(data.Index + data.Length));
        });
        Assert.True(bomb.Length < limit, $"the bomb is {bomb.Length:N0} bytes compressed");

        var outcome = ReportSheets.Parse(new MemoryStream(bomb), limit);

        Assert.False(outcome.Succeeded);
        var problem = Assert.Single(outcome.Problems);
        Assert.Contains("giải nén", problem.Message.Vi, StringComparison.Ordinal);
        Assert.Contains("expands", problem.Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void CellBeyondExcelsLastColumn_IsRefused_NotAllocated()
    {
        var far = Rewrite(ReportWorkbook(), "xl/worksheets/sheet1.xml", xml => CellReference().Replace(xml, "r=\"ZZZZZZZ2\"", 1));

        var outcome = ReportSheets.Parse(new MemoryStream(far));

        Assert.False(outcome.Succeeded);
        Assert.Contains(".xlsx", Assert.Single(outcome.Problems).Message.En, StringComparison.Ordinal);
    }

    private static bool Check<T>(Outcome<T> outcome)
    {
        foreach (var p in outcome.Problems)
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Field), "every problem names its place");
            Assert.False(string.IsNullOrWhiteSpace(p.Message.Vi), "every problem is said in Vietnamese");
            Assert.False(string.IsNullOrWhiteSpace(p.Message.En), "every problem is said in English");
        }

        Assert.True(outcome.Succeeded || outcome.Problems.Count > 0, "a refusal says why");
        return outcome.Succeeded;
    }

    private static bool CheckFramework(byte[] input)
    {
        var read = XlsxReader.Read(new MemoryStream(input));
        return Check(read) && read.Value!.Count > 0 && Check(DtiSheets.Parse(read.Value[0]));
    }

    private static (string How, byte[] Bytes) Mutate(Random random, byte[] valid)
    {
        switch (random.Next(6))
        {
            case 0:
                {
                    var b = (byte[])valid.Clone();
                    var flips = random.Next(1, 24);
                    for (var k = 0; k < flips; k++)
                    {
                        b[random.Next(b.Length)] = (byte)random.Next(256);
                    }

                    return ($"{flips} random bytes", b);
                }

            case 1:
                {
                    var length = random.Next(valid.Length);
                    return ($"truncated at {length}", valid[..length]);
                }

            case 2:
                {
                    var b = new byte[random.Next(0, 4096)];
                    random.NextBytes(b);
                    return ($"{b.Length} bytes of noise", b);
                }

            case 3:
                {
                    var value = Nasty[random.Next(Nasty.Length)];
                    return ($"a cell set to '{Short(value)}'", Rewrite(valid, "xl/worksheets/sheet1.xml", xml => ReplaceOneCell(random, xml, value)));
                }

            case 4:
                {
                    var part = random.Next(3) switch { 0 => "xl/workbook.xml", 1 => "[Content_Types].xml", _ => "xl/worksheets/sheet1.xml" };
                    return ($"a slice of {part} cut out", Rewrite(valid, part, xml =>
                    {
                        var start = random.Next(xml.Length);
                        return xml.Remove(start, random.Next(1, Math.Min(200, xml.Length - start) + 1));
                    }));
                }

            default:
                {
                    var part = random.Next(2) == 0 ? "xl/workbook.xml" : "xl/worksheets/sheet1.xml";
                    return ($"{part} removed", Rewrite(valid, part, _ => null));
                }
        }
    }

    private static string Short(string s) => s.Length > 20 ? s[..20] + "…" : s;

    private static string ReplaceOneCell(Random random, string xml, string value)
    {
        var cells = InlineText().Matches(xml);
        if (cells.Count == 0)
        {
            return xml;
        }

        var m = cells[random.Next(cells.Count)];
        var escaped = System.Security.SecurityElement.Escape(value);
        return string.Concat(xml.AsSpan(0, m.Groups[1].Index), escaped, xml.AsSpan(m.Groups[1].Index + m.Groups[1].Length));
    }

    /// <summary>The workbook with one part rewritten (or removed when <paramref name="change"/> returns null).</summary>
    private static byte[] Rewrite(byte[] workbook, string part, Func<string, string?> change)
    {
        using var target = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(workbook), ZipArchiveMode.Read))
        using (var zip = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                var text = reader.ReadToEnd();
                var content = entry.FullName == part ? change(text) : text;
                if (content is null)
                {
                    continue;
                }

                using var writer = new StreamWriter(zip.CreateEntry(entry.FullName, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
                writer.Write(content);
            }
        }

        return target.ToArray();
    }

    private static byte[] ReportWorkbook()
    {
        var sheet = new XlsxSheet(ReportSheets.SheetName, [.. ReportSheets.Headers.Select((h, i) => new XlsxColumn(h, i is 6 or 7 ? XlsxKind.Number : XlsxKind.Text))]);
        sheet.Add("BC-CDS-Q", "06253", "2026Q3", "HH_CAPQUANG", "Số hộ có cáp quang", "hộ", 1200.0, 1250.5, "Đã rà soát");
        sheet.Add("BC-CDS-Q", "06253", "2026Q3", "HH_TONG", "Tổng số hộ", "hộ", 2000.0, 2010.0, null);
        sheet.Add("BC-CDS-Q", "06256", "2026Q3", "HH_CAPQUANG", "Số hộ có cáp quang", "hộ", 800.0, 810.0, "Xã Đồng Đăng");
        return XlsxWriter.Write(sheet);
    }

    private static byte[] FrameworkWorkbook()
    {
        var sheet = new XlsxSheet("LS-XA", [.. DtiSheets.Headers.Select((h, i) => new XlsxColumn(h, i == 2 ? XlsxKind.Number : XlsxKind.Text))]);
        sheet.Add("I", "Nền tảng chuyển đổi số", 200.0, null, null, null, null, null, null);
        sheet.Add("1", "Nhận thức số", 60.0, null, null, null, null, null, null);
        sheet.Add("1.1", "Số cuộc họp Ban Chỉ đạo trong năm", 20.0, "4 cuộc: 20 điểm…", "Biên bản", "Xã", "Sở KH&CN", "Tiered", "4=20;3=15;2=10;1=5");
        sheet.Add("1.2", "Tỷ lệ văn bản chỉ đạo được thực hiện", 40.0, "a/b × 40", "Báo cáo", "Xã", "Văn phòng", "Ratio", null);
        return XlsxWriter.Write(sheet);
    }

    [GeneratedRegex("<(?:\\w+:)?t(?: [^>]*)?>([^<]*)</(?:\\w+:)?t>")]
    private static partial Regex InlineText();

    [GeneratedRegex("r=\"[A-Z]+2\"")]
    private static partial Regex CellReference();

    [GeneratedRegex("<(\\w+:)?sheetData>.*</(?:\\w+:)?sheetData>|<(\\w+:)?sheetData/>", RegexOptions.Singleline)]
    private static partial Regex SheetData();
}
