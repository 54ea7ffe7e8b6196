using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Reporting;

public sealed record FormItemInput(string? DataElement, string? Section, string? Help);

public sealed record FormRuleInput(string? Kind, string? DataElement, string? Other, string? Op, double? Min, double? Max, double? Tolerance);

/// <summary>
/// A form definition. Reporting units: an explicit list of unit codes, and/or every unit of <see cref="AssignLevel"/>
/// (province, commune, agency, …) optionally of <see cref="AssignType"/> ("Sở", "Xã") below <see cref="AssignWithin"/>
/// on the first period's last day — expanded into the list when the form is saved. Neither (Units null, no level):
/// an existing form keeps its units.
/// </summary>
public sealed record FormInput(
    string? Code, string? Name, string? NameEn, string? Description, string? PeriodType, int? DueDays, string? FirstPeriod, bool NeedsApproval,
    IReadOnlyList<FormItemInput>? Items, IReadOnlyList<FormRuleInput>? Rules, IReadOnlyList<string>? Units,
    string? AssignLevel, string? AssignType, string? AssignWithin);

/// <summary>The DX office defines forms (creates, or replaces the items, rules and units of an existing one).</summary>
public sealed class ReportFormService(LodestarDbContext db, OrgUnitQueries units)
{
    /// <summary>Creates or redefines a form; every reporting unit must lie in <paramref name="allowed"/> (the account's subtree; null: anywhere).</summary>
    public async Task<Outcome<string>> DefineAsync(FormInput input, IReadOnlySet<int>? allowed, CancellationToken ct = default)
    {
        var problems = new List<Problem>();
        void Bad(string field, string vi, string en) => problems.Add(new Problem(field, new Msg(vi, en)));

        var code = TextFold.Clean(input.Code);
        var name = TextFold.Clean(input.Name);
        if (code.Length is 0 or > 64) Bad("code", "Mã biểu mẫu có từ 1 đến 64 ký tự.", "The form code has 1 to 64 characters.");
        if (name.Length is 0 or > 500) Bad("name", "Tên biểu mẫu có từ 1 đến 500 ký tự.", "The form name has 1 to 500 characters.");
        if (!Enum.TryParse<PeriodType>(input.PeriodType, ignoreCase: true, out var type))
            Bad("periodType", "Loại kỳ phải là month, quarter, half hoặc year.", "The period type must be month, quarter, half or year.");
        if (input.DueDays is not (>= 0 and <= 366)) Bad("dueDays", "Số ngày đến hạn từ 0 đến 366.", "Due days must be 0–366.");
        if (!Period.TryParse(input.FirstPeriod, out var first) || first.Type != type)
            Bad("firstPeriod", $"Kỳ đầu tiên '{input.FirstPeriod}' không hợp lệ cho loại kỳ.", $"The first period '{input.FirstPeriod}' does not fit the period type.");

        var elementCodes = (input.Items ?? []).Select(i => i.DataElement?.Trim()).Concat((input.Rules ?? []).SelectMany(r => new[] { r.DataElement?.Trim(), r.Other?.Trim() }))
            .Where(c => !string.IsNullOrEmpty(c)).Distinct().ToList();
        var elements = await db.DataElements.Where(e => elementCodes.Contains(e.Code)).ToDictionaryAsync(e => e.Code, ct);
        var items = new List<ReportFormItem>();
        for (var i = 0; i < (input.Items?.Count ?? 0); i++)
        {
            var item = input.Items![i];
            if (elements.GetValueOrDefault(item.DataElement?.Trim() ?? string.Empty) is not { } e)
                Bad($"items[{i}].dataElement", $"Không có chỉ số dữ liệu '{item.DataElement}'.", $"There is no data element '{item.DataElement}'.");
            else if (items.Any(x => x.DataElementId == e.Id))
                Bad($"items[{i}].dataElement", $"Chỉ số '{e.Code}' lặp lại.", $"Element '{e.Code}' is repeated.");
            else
                items.Add(new ReportFormItem { DataElementId = e.Id, Section = TextFold.Clean(item.Section), Help = item.Help is null ? null : TextFold.Clean(item.Help), SortOrder = i + 1 });
        }

        if (items.Count == 0 && problems.Count == 0) Bad("items", "Biểu mẫu cần ít nhất một chỉ tiêu.", "A form needs at least one element.");

        var rules = new List<ReportRule>();
        for (var i = 0; i < (input.Rules?.Count ?? 0); i++)
        {
            var r = input.Rules![i];
            if (!Enum.TryParse<RuleKind>(r.Kind, ignoreCase: true, out var kind))
            {
                Bad($"rules[{i}].kind", "Loại quy tắc phải là Required, Range, Compare hoặc Outlier.", "The rule kind must be Required, Range, Compare or Outlier.");
                continue;
            }

            var e = elements.GetValueOrDefault(r.DataElement?.Trim() ?? string.Empty);
            var o = elements.GetValueOrDefault(r.Other?.Trim() ?? string.Empty);
            if (e is null || items.All(x => x.DataElementId != e.Id))
                Bad($"rules[{i}].dataElement", $"Quy tắc phải nói về một chỉ tiêu của biểu mẫu ('{r.DataElement}').", $"A rule must concern an element of the form ('{r.DataElement}').");
            else if (kind == RuleKind.Compare && (o is null || items.All(x => x.DataElementId != o.Id)))
                Bad($"rules[{i}].other", "Phép so sánh cần chỉ tiêu thứ hai của biểu mẫu.", "A comparison needs a second element of the form.");
            else if (kind == RuleKind.Range && (r.Min is null && r.Max is null || r.Min > r.Max))
                Bad($"rules[{i}].min", "Khoảng cần min ≤ max.", "A range needs min ≤ max.");
            else if (kind == RuleKind.Outlier && r.Tolerance is not (null or > 0))
                Bad($"rules[{i}].tolerance", "Ngưỡng khác thường phải lớn hơn 0.", "The outlier tolerance must be above 0.");
            else
                rules.Add(new ReportRule
                {
                    Kind = kind, DataElementId = e.Id, OtherElementId = o?.Id, Min = r.Min, Max = r.Max, Tolerance = r.Tolerance,
                    Op = Enum.TryParse<CompareOp>(r.Op, ignoreCase: true, out var op) ? op : CompareOp.LessOrEqual,
                });
        }

        var unitIds = new HashSet<int>();
        if (problems.Count == 0)
        {
            foreach (var c in input.Units ?? [])
            {
                if (await units.FindAsync(c.Trim(), first.End, ct) is { } u) unitIds.Add(u.Id);
                else Bad("units", $"Không có đơn vị mã '{c}' vào cuối kỳ {first.Code}.", $"No unit has code '{c}' at the end of {first.Code}.");
            }

            if (!string.IsNullOrWhiteSpace(input.AssignLevel))
            {
                if (!Enum.TryParse<OrgUnitLevel>(input.AssignLevel, ignoreCase: true, out var level))
                {
                    Bad("assignLevel", $"Cấp '{input.AssignLevel}' không hợp lệ.", $"Level '{input.AssignLevel}' is not valid.");
                }
                else
                {
                    var within = string.IsNullOrWhiteSpace(input.AssignWithin) ? null : await units.FindAsync(input.AssignWithin.Trim(), first.End, ct);
                    if (!string.IsNullOrWhiteSpace(input.AssignWithin) && within is null)
                        Bad("assignWithin", $"Không có đơn vị mã '{input.AssignWithin}'.", $"No unit has code '{input.AssignWithin}'.");
                    var scope = within is null ? null : await units.SubtreeIdsAsync(within.Id, first.End, ct);
                    var type2 = TextFold.Clean(input.AssignType);
                    var q = db.OrgUnits.Where(u => u.Level == level);
                    if (type2.Length > 0) q = q.Where(u => u.Type == type2);
                    foreach (var u in (await q.Select(u => new { u.Id, u.ValidFrom, u.ValidTo }).ToListAsync(ct))
                        .Where(u => (u.ValidFrom == null || u.ValidFrom <= first.End) && (u.ValidTo == null || u.ValidTo >= first.End) && (scope is null || scope.Contains(u.Id))))
                    {
                        unitIds.Add(u.Id);
                    }
                }
            }

            // Neither a list nor a level: an existing form keeps its units (editing rules or items only).
            if (input.Units is null && string.IsNullOrWhiteSpace(input.AssignLevel))
            {
                unitIds.UnionWith(await db.ReportFormUnits.Where(u => db.ReportForms.Any(f => f.Id == u.FormId && f.Code == code)).Select(u => u.OrgUnitId).ToListAsync(ct));
            }

            if (unitIds.Count == 0 && problems.Count == 0) Bad("units", "Biểu mẫu cần ít nhất một đơn vị báo cáo.", "A form needs at least one reporting unit.");
            var outside = allowed is null ? 0 : unitIds.Count(id => !allowed.Contains(id));
            if (outside > 0) Bad("units", $"{outside} đơn vị báo cáo nằm ngoài phạm vi tài khoản của bạn.", $"{outside} reporting units are outside your account's scope.");
        }

        if (problems.Count > 0)
        {
            return Outcome<string>.Fail(problems);
        }

        var form = await db.ReportForms.Include(f => f.Items).Include(f => f.Rules).Include(f => f.Units).SingleOrDefaultAsync(f => f.Code == code, ct);
        if (form is null)
        {
            form = new ReportForm { Code = code, Name = name, FirstPeriod = first.Code };
            db.ReportForms.Add(form);
        }
        else if (form.PeriodType != type && await db.Reports.AnyAsync(r => r.FormId == form.Id, ct))
        {
            return Outcome<string>.Fail("periodType", "Biểu mẫu đã có báo cáo; không đổi được loại kỳ.", "The form has reports; its period type cannot change.");
        }

        form.Name = name;
        form.NameEn = string.IsNullOrWhiteSpace(input.NameEn) ? null : TextFold.Clean(input.NameEn);
        form.Description = string.IsNullOrWhiteSpace(input.Description) ? null : TextFold.Clean(input.Description);
        form.PeriodType = type;
        form.DueDays = input.DueDays!.Value;
        form.FirstPeriod = first.Code;
        form.NeedsApproval = input.NeedsApproval;
        form.Items.Clear();
        form.Items.AddRange(items);
        form.Rules.Clear();
        form.Rules.AddRange(rules);
        form.Units.RemoveAll(u => !unitIds.Contains(u.OrgUnitId));
        form.Units.AddRange(unitIds.Where(id => form.Units.All(u => u.OrgUnitId != id)).Select(id => new ReportFormUnit { OrgUnitId = id }));
        await db.SaveChangesAsync(ct);
        return Outcome<string>.Ok(form.Code);
    }
}
