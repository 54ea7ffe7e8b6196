using System.Globalization;
using Lodestar.Common;
using Lodestar.Common.Pdf;

namespace Lodestar.Reporting;

/// <summary>
/// The receipt of an approved report as a PDF (issue 20, item 4): the form, the unit and period, every value with its
/// unit of measure, and each step of the workflow (who submitted, who approved, when, in Vietnam time). Signed by the
/// organisation by the caller, so anyone can check it without Lodestar. Vietnamese first, English under each heading.
/// </summary>
public static class ReportReceipt
{
    public const string ContentType = "application/pdf";

    private const double Mm = 72 / 25.4;
    private static readonly double Left = 25 * Mm, Right = PdfDocument.A4Width - (18 * Mm), Top = 25 * Mm, Bottom = PdfDocument.A4Height - (20 * Mm);

    /// <summary>The approver (the last step that approved), for the signature's reason.</summary>
    public static string? Approver(ReportView report) => report.Events.LastOrDefault(e => e.ToStatus == ReportStatus.Approved)?.By;

    public static byte[] Write(ReportView report, DateTime madeAtUtc)
    {
        var pdf = new PdfDocument
        {
            Title = $"Biên nhận báo cáo {report.FormCode} {report.UnitCode} {report.Period.Code}",
            Author = "Lodestar",
            Created = new DateTimeOffset(madeAtUtc, TimeSpan.Zero),
        };
        var regular = pdf.AddFont(LiberationSerif.Regular);
        var bold = pdf.AddFont(LiberationSerif.Bold);
        var page = pdf.AddPage();
        var y = Top;

        void NewPageIfNeeded(double height)
        {
            if (y + height > Bottom)
            {
                page = pdf.AddPage();
                y = Top;
            }
        }

        void Line(string text, PdfFont font, double size, double x = 0, bool center = false)
        {
            foreach (var part in Wrap(text, font, size, Right - Left - x))
            {
                NewPageIfNeeded(size * 1.35);
                var at = center ? Left + ((Right - Left - font.Width(part, size)) / 2) : Left + x;
                page.Text(part, font, size, at, y + size);
                y += size * 1.35;
            }
        }

        // Room for the signature block (top right of the first page, Decree 30) above the title.
        y += 30;
        Line("BIÊN NHẬN BÁO CÁO ĐÃ DUYỆT", bold, 14, center: true);
        Line("Receipt of an approved report", regular, 11, center: true);
        y += 8;
        Line($"Biểu mẫu / Form: {report.FormCode} — {report.FormName}", regular, 12);
        Line($"Đơn vị báo cáo / Reporting unit: {report.UnitName} ({report.UnitCode})", regular, 12);
        Line($"Kỳ báo cáo / Period: {report.Period.Code}    Hạn nộp / Due: {report.DueOn.ToDisplay()}", regular, 12);
        Line($"Lập lúc / Made at: {Dates.VietnamTime(madeAtUtc).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture)} (UTC+7)", regular, 12);
        y += 8;

        // The values: code, name, value with its unit; a value's comment on a line of its own.
        var columns = new[] { Left, Left + 90, Right - 130, Right };
        Line("Số liệu / Values", bold, 12);
        Row(["Mã / Code", "Chỉ tiêu / Item", "Giá trị / Value"], bold);
        foreach (var f in report.Fields)
        {
            Row([f.Code, f.Name, f.Value is { } v ? $"{v.ToString("#,##0.##", CultureInfo.GetCultureInfo("vi-VN"))} {f.Unit}".Trim() : "—"], regular);
            if (!string.IsNullOrWhiteSpace(f.Comment))
            {
                Line($"Ghi chú / Comment: {f.Comment}", regular, 10, x: 93);
            }
        }

        y += 10;
        Line("Quá trình xử lý / Workflow", bold, 12);
        foreach (var e in report.Events)
        {
            var reason = string.IsNullOrWhiteSpace(e.Reason) ? "" : $" — {e.Reason}";
            Line($"{Dates.VietnamTime(DateTime.SpecifyKind(e.At, DateTimeKind.Utc)).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)}  {Step(e.ToStatus)}: {e.By}{reason}", regular, 11);
        }

        y += 10;
        Line("Biên nhận này mang chữ ký số của cơ quan; kiểm tra được bằng bất kỳ phần mềm đọc PDF nào hỗ trợ chữ ký số.", regular, 10);
        Line("This receipt carries the organisation's digital signature; any PDF reader that checks signatures can verify it.", regular, 10);
        return pdf.ToArray();

        void Row(string[] cells, PdfFont font)
        {
            var wrapped = cells.Select((c, i) => Wrap(c, font, 11, columns[i + 1] - columns[i] - 6)).ToList();
            var height = (wrapped.Max(w => w.Count) * 11 * 1.3) + 4;
            NewPageIfNeeded(height);
            for (var i = 0; i < cells.Length; i++)
            {
                page.Rectangle(columns[i], y, columns[i + 1] - columns[i], height, 0.5);
                var ly = y + 2;
                foreach (var part in wrapped[i])
                {
                    var x = i == 2 ? columns[3] - 3 - font.Width(part, 11) : columns[i] + 3;
                    page.Text(part, font, 11, x, ly + 11);
                    ly += 11 * 1.3;
                }
            }

            y += height;
        }
    }

    private static string Step(ReportStatus to) => to switch
    {
        ReportStatus.Draft => "Mở lại / Reopened",
        ReportStatus.Submitted => "Gửi / Submitted",
        ReportStatus.Returned => "Trả lại / Returned",
        ReportStatus.Approved => "Duyệt / Approved",
        _ => to.ToString(),
    };

    private static List<string> Wrap(string text, PdfFont font, double size, double width)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && font.Width(candidate, size) > width)
            {
                lines.Add(current);
                current = word;
            }
            else
            {
                current = candidate;
            }
        }

        lines.Add(current);
        return lines;
    }
}
