using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Demo;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Reporting;

/// <summary>
/// Two demo forms over the demo values: the communes' quarterly DX statistics (from 2026Q1) and the agencies'
/// annual DX self-report (from 2025), with reports in every state — approved on time, submitted late, returned
/// with a reason, left as a draft, and missing. Deterministic (fixed seed); dates relative to the period ends.
/// The demo values stay approved, so the published figures of the programme pages do not change.
/// </summary>
public sealed class ReportingDemo(LodestarDbContext db, TimeProvider clock)
{
    public const string CommuneForm = "CDS-XA-QUY";

    public const string AgencyForm = "CDS-SO-NAM";

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (await db.ReportForms.AnyAsync(ct))
        {
            return;
        }

        var elements = await db.DataElements.ToDictionaryAsync(e => e.Code, ct);
        if (!elements.ContainsKey("HH_TOTAL") || !elements.ContainsKey("DVC_L4"))
        {
            return;
        }

        var province = await db.OrgUnits.SingleAsync(u => u.Code == DemoSeeder.ProvinceCode && u.Level == OrgUnitLevel.Province && u.ValidTo == null, ct);
        var below = await db.OrgUnitParents.ValidOn(new DateOnly(2025, 12, 31)).Where(l => l.ParentId == province.Id)
            .Select(l => new { l.Child.Id, l.Child.Level, l.Child.Code }).OrderBy(u => u.Code).ToListAsync(ct);

        var commune = new ReportForm
        {
            Code = CommuneForm, Name = "Thống kê chuyển đổi số cấp xã (hằng quý)", NameEn = "Commune digital transformation statistics (quarterly)",
            Description = "Biểu mẫu minh hoạ (demo).", PeriodType = PeriodType.Quarter, DueDays = 10, FirstPeriod = "2026Q1", NeedsApproval = true,
        };
        AddItems(commune, elements, ("Hạ tầng số", ["HH_TOTAL", "HH_FIBRE"]), ("Giáo dục", ["SCH_TOTAL", "SCH_DIGITAL"]));
        AddRules(commune, elements, ["HH_TOTAL", "HH_FIBRE", "SCH_TOTAL"], [("HH_FIBRE", "HH_TOTAL"), ("SCH_DIGITAL", "SCH_TOTAL")], ["HH_TOTAL", "HH_FIBRE"]);
        commune.Units = below.Where(u => u.Level == OrgUnitLevel.Commune).Select(u => new ReportFormUnit { OrgUnitId = u.Id }).ToList();

        var agency = new ReportForm
        {
            Code = AgencyForm, Name = "Tự đánh giá chuyển đổi số của cơ quan (hằng năm)", NameEn = "Agency digital transformation self-report (annual)",
            Description = "Biểu mẫu minh hoạ (demo).", PeriodType = PeriodType.Year, DueDays = 15, FirstPeriod = "2025", NeedsApproval = true,
        };
        AddItems(agency, elements, ("Dịch vụ công", ["DVC_ELIGIBLE", "DVC_L4"]), ("Dữ liệu", ["SDB_TOTAL", "SDB_CLOUD"]));
        AddRules(agency, elements, ["DVC_ELIGIBLE", "DVC_L4"], [("DVC_L4", "DVC_ELIGIBLE"), ("SDB_CLOUD", "SDB_TOTAL")], []);
        agency.Units = below.Where(u => u.Level == OrgUnitLevel.Agency).Select(u => new ReportFormUnit { OrgUnitId = u.Id }).ToList();

        db.ReportForms.AddRange(commune, agency);
        await db.SaveChangesAsync(ct);

        var today = Dates.Today(clock);
        var random = new Random(4);
        var reports = new List<Report>();
        foreach (var form in new[] { commune, agency })
        {
            var elementIds = form.Items.Select(i => i.DataElementId).ToList();
            var withValues = (await db.DataValues.Where(v => elementIds.Contains(v.DataElementId)).Select(v => new { v.OrgUnitId, v.Period }).Distinct().ToListAsync(ct))
                .Select(v => (v.OrgUnitId, v.Period)).ToHashSet();
            // Every ended period since the form's first, not only the recent ones the lists show: the demo's values tell the
            // story of 2025–2026, and a demo opened years later still has those reports behind its figures.
            foreach (var period in ReportPeriods.Ended(form, today, int.MaxValue))
            {
                var due = ReportPeriods.DueOn(form, period);
                foreach (var unit in form.Units)
                {
                    // Missing: nothing reported at all, or (a few agencies) values entered directly but no report.
                    if (!withValues.Contains((unit.OrgUnitId, period.Code)) || (form == agency && random.NextDouble() < 0.15))
                    {
                        continue;
                    }

                    var roll = random.NextDouble();
                    var (status, lateDays) = roll switch
                    {
                        < 0.62 => (ReportStatus.Approved, 0),
                        < 0.74 => (ReportStatus.Approved, 3 + random.Next(12)),
                        < 0.84 => (ReportStatus.Submitted, random.Next(2) * 6),
                        < 0.93 => (ReportStatus.Returned, 0),
                        _ => (ReportStatus.Draft, 0),
                    };
                    var submittedOn = status == ReportStatus.Draft ? (DateOnly?)null : Min(due.AddDays(lateDays == 0 ? -random.Next(1, 9) : lateDays), today);
                    var at = (submittedOn ?? period.End.AddDays(3)).ToDateTime(new TimeOnly(2, 30), DateTimeKind.Utc);
                    var report = new Report
                    {
                        FormId = form.Id, OrgUnitId = unit.OrgUnitId, Period = period.Code, DueOn = due, Status = status, FirstSubmittedOn = submittedOn,
                        SubmittedAt = submittedOn is null ? null : at, SubmittedBy = submittedOn is null ? null : "demo",
                        DecidedAt = status is ReportStatus.Approved or ReportStatus.Returned ? at.AddDays(2) : null,
                        DecidedBy = status is ReportStatus.Approved or ReportStatus.Returned ? "demo" : null,
                        Reason = status == ReportStatus.Returned ? "Số hộ có cáp quang chưa khớp với số liệu của doanh nghiệp viễn thông; đề nghị kiểm tra lại." : null,
                        ReturnCount = status == ReportStatus.Returned ? 1 : 0,
                        Version = 1,
                    };
                    reports.Add(report);
                }
            }
        }

        db.SkipEntityAudit = true;
        try
        {
            db.Reports.AddRange(reports);
            await db.SaveChangesAsync(ct);
            foreach (var r in reports)
            {
                if (r.SubmittedAt is { } s)
                {
                    db.ReportEvents.Add(new ReportEvent { ReportId = r.Id, Action = nameof(ReportAction.Submit), ToStatus = ReportStatus.Submitted, At = s, By = "demo" });
                }

                if (r.DecidedAt is { } d)
                {
                    db.ReportEvents.Add(new ReportEvent { ReportId = r.Id, Action = r.Status == ReportStatus.Returned ? nameof(ReportAction.Return) : nameof(ReportAction.Approve), ToStatus = r.Status, Reason = r.Reason, At = d, By = "demo" });
                }
            }

            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.SkipEntityAudit = false;
        }
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static void AddItems(ReportForm form, Dictionary<string, DataElement> elements, params (string Section, string[] Codes)[] sections)
    {
        var order = 0;
        foreach (var (section, codes) in sections)
        {
            foreach (var code in codes)
            {
                form.Items.Add(new ReportFormItem { DataElementId = elements[code].Id, DataElement = elements[code], Section = section, SortOrder = ++order });
            }
        }
    }

    private static void AddRules(ReportForm form, Dictionary<string, DataElement> elements, string[] required, (string Left, string Right)[] compare, string[] outliers)
    {
        form.Rules.AddRange(required.Select(c => new ReportRule { Kind = RuleKind.Required, DataElementId = elements[c].Id }));
        form.Rules.AddRange(compare.Select(c => new ReportRule { Kind = RuleKind.Compare, DataElementId = elements[c.Left].Id, OtherElementId = elements[c.Right].Id, Op = CompareOp.LessOrEqual }));
        form.Rules.AddRange(outliers.Select(c => new ReportRule { Kind = RuleKind.Outlier, DataElementId = elements[c].Id, Tolerance = 0.5 }));
    }
}
