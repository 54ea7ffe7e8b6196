using Lodestar.Spreadsheets;

namespace Lodestar.Scorecards;

/// <summary>The comparison table of heads as .xlsx: one row per head and part of the year.</summary>
public static class ScorecardSheets
{
    public static byte[] Export(IEnumerable<Scorecard> cards, bool english)
    {
        string H(string vi, string en) => english ? en : vi;
        var sheet = new XlsxSheet(H("Bang diem", "Scorecards"),
        [
            new XlsxColumn(H("Mã đơn vị", "Unit code")),
            new XlsxColumn(H("Đơn vị", "Unit"), Width: 36),
            new XlsxColumn(H("Người đứng đầu", "Head"), Width: 26),
            new XlsxColumn(H("Chức vụ", "Position"), Width: 30),
            new XlsxColumn(H("Từ ngày", "From"), XlsxKind.Date),
            new XlsxColumn(H("Đến ngày", "To"), XlsxKind.Date),
            new XlsxColumn(H("Chỉ tiêu (điểm)", "Targets (points)"), XlsxKind.Number),
            new XlsxColumn(H("Nhiệm vụ (điểm)", "Tasks (points)"), XlsxKind.Number),
            new XlsxColumn(H("Báo cáo (điểm)", "Reporting (points)"), XlsxKind.Number),
            new XlsxColumn(H("DTI (điểm)", "DTI (points)"), XlsxKind.Number),
            new XlsxColumn(H("Điểm tổng hợp", "Composite"), XlsxKind.Number),
            new XlsxColumn(H("Đề xuất xếp loại", "Proposed rating"), Width: 30),
            new XlsxColumn(H("Hạng DTI", "DTI rank"), XlsxKind.WholeNumber),
            new XlsxColumn(H("Nhiệm vụ đúng hạn", "Tasks on time"), XlsxKind.WholeNumber),
            new XlsxColumn(H("Nhiệm vụ trễ hạn", "Tasks late"), XlsxKind.WholeNumber),
            new XlsxColumn(H("Nhiệm vụ quá hạn", "Tasks overdue"), XlsxKind.WholeNumber),
        ]);
        foreach (var c in cards)
        {
            double? Part(ScorecardPart p) => c.Composition.Parts.First(x => x.Part == p).Score;
            var rating = c.Composition.Rating is { } r ? (english ? r.Label().En : r.Label().Vi) : null;
            sheet.Add(c.UnitCode, c.UnitName, c.Person, c.Position, c.From, c.To, Part(ScorecardPart.Targets), Part(ScorecardPart.Tasks),
                Part(ScorecardPart.Reporting), Part(ScorecardPart.Dti), c.Composition.Composite, rating, c.Dti?.Rank,
                c.Input.TasksOnTime, c.Input.TasksLate, c.Input.TasksOverdue);
        }

        return XlsxWriter.Write(sheet);
    }
}
