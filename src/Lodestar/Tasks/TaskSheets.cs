using Lodestar.Common;
using Lodestar.Spreadsheets;

namespace Lodestar.Tasks;

/// <summary>
/// The register as .xlsx, and the plan template: one task per row, columns in the order of <see cref="Columns"/>.
/// An uploaded plan is created all or nothing; each problem names the sheet, the row and the column.
/// </summary>
public static class TaskSheets
{
    /// <summary>The plan's columns: the input field, the Vietnamese and English headers.</summary>
    public static readonly IReadOnlyList<(string Field, string Vi, string En)> Columns =
    [
        ("title", "Tên nhiệm vụ", "Title"),
        ("ownerUnit", "Mã đơn vị chủ trì", "Owner unit code"),
        ("deadline", "Thời hạn (dd/mm/yyyy)", "Deadline (dd/mm/yyyy)"),
        ("description", "Nội dung", "Description"),
        ("sourceKind", "Loại nguồn (programme/plan/conclusion/directive/other)", "Source kind"),
        ("sourceNumber", "Số văn bản", "Source number"),
        ("sourceDate", "Ngày văn bản", "Source date"),
        ("coUnits", "Mã đơn vị phối hợp (cách nhau dấu phẩy)", "Co-operating unit codes (comma-separated)"),
        ("priority", "Ưu tiên (low/normal/high/urgent)", "Priority"),
        ("recurrence", "Lặp lại (none/quarterly/yearly)", "Recurrence"),
        ("pillar", "Trụ cột", "Pillar"),
        ("targets", "Mã chỉ tiêu (cách nhau dấu phẩy)", "Target codes (comma-separated)"),
        ("expectedOutput", "Sản phẩm đầu ra", "Expected output"),
    ];

    public static byte[] Template(bool english)
    {
        var sheet = new XlsxSheet(english ? "Plan" : "Ke hoach", Columns.Select(c => new XlsxColumn(english ? c.En : c.Vi, Width: 24)).ToList());
        sheet.Add("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "20.SNV", "31/12/2026", null, "plan", "125/KH-UBND", "15/01/2026", "20.SKHCN", "high", "none", "Chính quyền số", null, "100% hồ sơ còn hiệu lực được số hóa");
        return XlsxWriter.Write(sheet);
    }

    public static byte[] Export(IEnumerable<TaskItem> items, bool english)
    {
        string H(string vi, string en) => english ? en : vi;
        var sheet = new XlsxSheet(H("Nhiem vu", "Tasks"),
        [
            new XlsxColumn("UID", Width: 13),
            new XlsxColumn(H("Tên nhiệm vụ", "Title"), Width: 50),
            new XlsxColumn(H("Mã đơn vị", "Unit code")),
            new XlsxColumn(H("Đơn vị chủ trì", "Owner unit"), Width: 36),
            new XlsxColumn(H("Ngày giao", "Assigned on"), XlsxKind.Date),
            new XlsxColumn(H("Thời hạn", "Deadline"), XlsxKind.Date),
            new XlsxColumn(H("Gia hạn đến", "Extended to"), XlsxKind.Date),
            new XlsxColumn(H("Hoàn thành ngày", "Completed on"), XlsxKind.Date),
            new XlsxColumn(H("Trạng thái", "State"), Width: 30),
            new XlsxColumn(H("Tiến độ (%)", "Progress (%)"), XlsxKind.WholeNumber),
            new XlsxColumn(H("Người chịu trách nhiệm", "Accountable"), Width: 24),
            new XlsxColumn(H("Số văn bản", "Source number")),
            new XlsxColumn(H("Trụ cột", "Pillar")),
        ]);
        foreach (var t in items)
        {
            var state = english ? t.State.Label().En : t.State.Label().Vi;
            sheet.Add(t.Uid, t.Title, t.OwnerUnitCode, t.OwnerUnitName, t.AssignedOn, t.Deadline, t.ExtendedTo, t.CompletedOn, state, t.Percent, t.Accountable, t.SourceNumber, t.Pillar);
        }

        return XlsxWriter.Write(sheet);
    }

    /// <summary>Reads a plan (first sheet, header in row 1) and creates every task, or none.</summary>
    public static async Task<Outcome<int>> ImportAsync(Stream file, TaskService tasks, IReadOnlySet<int>? within, CancellationToken ct = default)
    {
        var read = XlsxReader.Read(file);
        if (!read.Succeeded)
        {
            return Outcome<int>.Fail(read.Problems);
        }

        var sheet = read.Value!.Count > 0 ? read.Value[0] : null;
        var rows = sheet?.Rows.Where(r => r.Number > 1 && !r.IsEmpty).ToList() ?? [];
        if (sheet is null || rows.Count == 0)
        {
            return Outcome<int>.Fail("file", "Tệp không có dòng nhiệm vụ nào (dòng 1 là tiêu đề).", "The file has no task rows (row 1 is the header).");
        }

        string? Cell(XlsxRow row, string field) => row[Index(field)]?.Trim() is { Length: > 0 } text ? text : null;
        string? DateCell(XlsxRow row, string field) =>
            Cell(row, field) is { } text && XlsxReader.TryDate(text, out var d) ? d.ToIso() : Cell(row, field);
        IReadOnlyList<string>? List(XlsxRow row, string field) =>
            Cell(row, field)?.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var inputs = rows.Select(r => (r.Number, new TaskInput
        {
            Title = Cell(r, "title"),
            OwnerUnit = Cell(r, "ownerUnit"),
            Deadline = DateCell(r, "deadline"),
            Description = Cell(r, "description"),
            SourceKind = Cell(r, "sourceKind"),
            SourceNumber = Cell(r, "sourceNumber"),
            SourceDate = DateCell(r, "sourceDate"),
            CoUnits = List(r, "coUnits"),
            Priority = Cell(r, "priority"),
            Recurrence = Cell(r, "recurrence"),
            Pillar = Cell(r, "pillar"),
            Targets = List(r, "targets"),
            ExpectedOutput = Cell(r, "expectedOutput"),
        })).ToList();
        return await tasks.CreateManyAsync(inputs, (row, field, msg) =>
        {
            var (vi, en) = Index(field) >= 0 ? (Columns[Index(field)].Vi, Columns[Index(field)].En) : (field, field);
            return XlsxProblems.At(sheet.Name, row, Math.Max(0, Index(field)), vi, en, msg);
        }, within, ct);
    }

    private static int Index(string field)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Field == field)
            {
                return i;
            }
        }

        return -1;
    }
}
