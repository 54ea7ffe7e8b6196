using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Reporting;
using Lodestar.Values;

namespace Lodestar.Tests.Reporting;

/// <summary>A province, one commune that reports a quarterly form of households and fibre households, and a clock in July 2026.</summary>
internal static class ReportingArrange
{
    public const string Form = "CDS-XA";

    public static async Task<(OrgUnit Province, OrgUnit Commune)> FormAsync(LodestarDbContext db, bool needsApproval = true)
    {
        var province = await db.AddUnitAsync("20", OrgUnitLevel.Province, fullName: "Tỉnh Lạng Sơn");
        var commune = await db.AddUnitAsync("20.X1", OrgUnitLevel.Commune, province, fullName: "Xã Hoàng Văn Thụ");
        var total = new DataElement { Code = "HH_TOTAL", Name = "Số hộ gia đình", Unit = "hộ", MinValue = 0 };
        var fibre = new DataElement { Code = "HH_FIBRE", Name = "Số hộ có cáp quang", Unit = "hộ", MinValue = 0 };
        var pct = new DataElement { Code = "PCT", Name = "Tỷ lệ cán bộ có chữ ký số", Unit = "%", MinValue = 0, MaxValue = 100 };
        db.DataElements.AddRange(total, fibre, pct);
        var form = new ReportForm
        {
            Code = Form, Name = "Thống kê chuyển đổi số cấp xã", PeriodType = PeriodType.Quarter, DueDays = 10, FirstPeriod = "2025Q1", NeedsApproval = needsApproval,
            Items =
            [
                new() { DataElement = total, Section = "Hạ tầng", SortOrder = 1 },
                new() { DataElement = fibre, Section = "Hạ tầng", SortOrder = 2 },
                new() { DataElement = pct, Section = "Chính quyền số", SortOrder = 3 },
            ],
            Rules =
            [
                new() { Kind = RuleKind.Required, DataElement = total },
                new() { Kind = RuleKind.Compare, DataElement = fibre, OtherElement = total, Op = CompareOp.LessOrEqual },
                new() { Kind = RuleKind.Outlier, DataElement = fibre, Tolerance = 0.5 },
            ],
            Units = [new() { OrgUnitId = commune.Id }],
        };
        db.ReportForms.Add(form);
        await db.SaveChangesAsync();
        return (province, commune);
    }

    public static Task<bool> Anywhere(int unitId, DateOnly date, CancellationToken ct) => Task.FromResult(true);
}
