using System.Globalization;
using Lodestar.Common;

namespace Lodestar.Steering;

public sealed record PackTable(string Caption, IReadOnlyList<string> Header, IReadOnlyList<double> Widths, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// What the exported pack shows, in the parts of an administrative document (Decree 30/2020/NĐ-CP, Appendix I):
/// issuing body, number, national motto, place and date, title and summary line, body, recipients, signature.
/// The .docx and .pdf writers lay these out; the layout facts are in Steering/README.md.
/// </summary>
public sealed record PackDocument(
    string ParentBody, string Body, string Number, string Place, DateOnly Date, string Title, string Summary,
    IReadOnlyList<string> Paragraphs, IReadOnlyList<PackTable> Tables, IReadOnlyList<string> Recipients,
    string SignerCapacity, string SignerTitle, string? SignerName, bool Draft)
{
    public const string Motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    public const string Slogan = "Độc lập - Tự do - Hạnh phúc";

    /// <summary>The line a .docx of a signed pack carries: the signed original is the PDF.</summary>
    public const string SignedOriginal = "(Bản gốc có chữ ký số của cơ quan là tệp PDF; bản .docx này để tham khảo.)";

    /// <summary>Set on the .docx of an issued pack whose PDF is signed (<see cref="SignedOriginal"/>).</summary>
    public string? SignedOriginalNote { get; init; }

    public string PlaceAndDate => $"{Place}, ngày {Date.Day:00} tháng {Date.Month:00} năm {Date.Year}";

    /// <summary>The pack of a meeting, dated the day it was issued (a draft: <paramref name="today"/>).</summary>
    public static PackDocument Of(MeetingDetail meeting, DateOnly today, string? signer)
    {
        var pack = meeting.Pack ?? throw new InvalidOperationException("The meeting has no pack.");
        var date = pack.IssuedAt is { } at ? Dates.VietnamDay(at) : today;
        var quarter = Values.Period.Parse(meeting.Quarter);
        var paragraphs = pack.Text.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var title = pack.Data?.Unit.Name ?? meeting.ProvinceFullName;
        var (kind, party) = IsCity(title) ? ("thành phố", "Thành ủy") : ("tỉnh", "Tỉnh ủy");
        return new PackDocument(
            ParentBodyOf(title), "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ",
            pack.State == "issued" ? pack.Number : "…/BC-BCĐ", meeting.ProvinceName, date, "BÁO CÁO",
            $"Tình hình chuyển đổi số quý {MeetingService.Roman(quarter.Index)} năm {quarter.Year} (phục vụ cuộc họp Ban Chỉ đạo chuyển đổi số {kind})",
            paragraphs, pack.Data is { } d ? TablesOf(d) : [],
            [$"- Ban Chỉ đạo chuyển đổi số {kind};", $"- Thường trực {party}, HĐND {kind} (b/c);", "- Các sở, ban, ngành; UBND các xã, phường;", "- Lưu: VT, BCĐ."],
            "TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", signer, pack.State != "issued");
    }

    /// <summary>A centrally run city ("Thành phố Hà Nội") rather than a province: its committee and party body are the city's.</summary>
    private static bool IsCity(string unitTitle) => unitTitle.StartsWith("Thành phố ", StringComparison.OrdinalIgnoreCase);

    /// <summary>The issuing body's parent from the unit's own title: "UBND TỈNH LẠNG SƠN", "UBND THÀNH PHỐ HÀ NỘI".</summary>
    public static string ParentBodyOf(string unitTitle) => "UBND " + unitTitle.ToUpper(CultureInfo.GetCultureInfo("vi-VN"));

    private static string N(int n) => n.ToString("N0", CultureInfo.GetCultureInfo("vi-VN"));

    /// <summary>The figures of the pack as tables: pillars, the targets furthest behind, overdue tasks by unit.</summary>
    public static List<PackTable> TablesOf(Dashboard d)
    {
        var tables = new List<PackTable>
        {
            new("Bảng 1. Tình hình thực hiện chỉ tiêu theo trụ cột",
                ["Trụ cột", "Đã đạt", "Đúng tiến độ", "Có nguy cơ", "Chậm", "Chưa có số liệu"], [3.2, 1, 1.1, 1.1, 1, 1.2],
                [.. d.Pillars.Select(p => (IReadOnlyList<string>)[$"{p.Pillar} ({p.Programme})", N(p.Counts.Achieved), N(p.Counts.OnTrack), N(p.Counts.AtRisk), N(p.Counts.OffTrack), N(p.Counts.NoData)])]),
        };
        if (d.MostOffTrack.Count > 0)
        {
            tables.Add(new PackTable("Bảng 2. Các chỉ tiêu chậm nhất", ["Chỉ tiêu", "Thực tế", "Kỳ vọng", "% quãng đường kỳ vọng"], [4.4, 1.2, 1.2, 1.8],
                [.. d.MostOffTrack.Select(t => (IReadOnlyList<string>)[t.Name, Value(t.Actual, t.Unit), Value(t.Expected, t.Unit), t.PercentOfExpected is { } p ? p.ToString("0.#", CultureInfo.GetCultureInfo("vi-VN")) + "%" : "—"])]));
        }

        if (d.Members.Count > 0)
        {
            // One row per index; the member is named on his first row only.
            tables.Add(new PackTable($"Bảng {tables.Count + 1}. Chỉ số do thành viên Ban Chỉ đạo phụ trách",
                ["Thành viên", "Chỉ số phụ trách", "Bình quân (% điểm tối đa)", "Năm trước"], [3.6, 3.2, 1.6, 1.2],
                [.. d.Members.Select((m, i) => (IReadOnlyList<string>)[
                    i > 0 && d.Members[i - 1].Position == m.Position && d.Members[i - 1].Person == m.Person ? "" : m.Person is null ? m.Position : $"{m.Person}, {m.Position}",
                    m.NodeName, Percent(m.Score), Percent(m.ScoreBefore)])]));
        }

        tables.Add(new PackTable($"Bảng {tables.Count + 1}. Nhiệm vụ quá hạn theo đơn vị", ["Đơn vị", "Quá hạn", "Tổng số nhiệm vụ"], [5, 1.5, 2],
            d.Tasks.OverdueByUnit.Count == 0
                ? [["Không có nhiệm vụ quá hạn", "0", N(d.Tasks.Counted)]]
                : [.. d.Tasks.OverdueByUnit.Select(u => (IReadOnlyList<string>)[u.Name, N(u.Overdue), N(u.Total)])]));
        return tables;
    }

    private static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.#", CultureInfo.GetCultureInfo("vi-VN")) + "%" : "—";

    private static string Value(double? v, string unit) =>
        v is { } x ? x.ToString("#,##0.##", CultureInfo.GetCultureInfo("vi-VN")) + (unit == "%" ? "%" : "") : "—";
}
