using System.Globalization;
using System.Text.RegularExpressions;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Progress;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Programmes;

public sealed record ProgrammeInput(
    string? Code, string? Name, string? DocumentNumber, DateOnly? IssuedOn, string? Issuer, string? ProvinceCode,
    int StartYear, int EndYear, double OnTrackPercent, double AtRiskPercent, string? Pillars, string? Source);

/// <summary>A target as typed on the form. Milestones as "2025: 80; 2030: 100" (vi-VN or invariant decimals).</summary>
public sealed record TargetInput(
    string? Code, string? Name, string? NameEn, string? Unit, Comparator Comparator, Direction? Direction,
    double? BaselineValue, int? BaselineYear, string? Milestones, PathShape PathShape, string? IndicatorCode,
    int? PillarId, string? ResponsibleUnitCode, string? DataSource, string? Notes);

public sealed record DataElementInput(string? Code, string? Name, string? NameEn, string? Unit, TimeAggregation TimeAggregation, double? MinValue, double? MaxValue, bool WholeNumbers = false);

public sealed record IndicatorInput(
    string? Code, string? Name, string? NameEn, string? Unit, string? ElementCode, string? DenominatorCode, double Factor, Aggregation Aggregation);

/// <summary>
/// What the DX office records: programmes with pillars and thresholds, targets with their milestones, and the
/// data elements and indicators targets are measured by. Every problem is named by field in both languages.
/// </summary>
public sealed partial class ProgrammeService(LodestarDbContext db, OrgUnitQueries units, TimeProvider clock)
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex CodePattern();

    public async Task<Outcome<Programme>> CreateProgrammeAsync(ProgrammeInput input, CancellationToken ct = default)
    {
        var p = new List<Problem>();
        var code = Code(input.Code, p);
        var name = Text(input.Name, "name", 500, required: true, p);
        if (code.Length > 0 && await db.Programmes.AnyAsync(x => x.Code == code, ct))
        {
            p.Add(Bad("code", $"Đã có chương trình mã {code}.", $"A programme with code {code} exists."));
        }

        int? provinceId = null;
        if (!string.IsNullOrWhiteSpace(input.ProvinceCode))
        {
            var unit = await units.FindAsync(input.ProvinceCode.Trim(), input.IssuedOn ?? Dates.Today(clock), ct);
            if (unit is null || unit.Level != OrgUnitLevel.Province)
            {
                p.Add(Bad("provinceCode", $"Không có tỉnh mã {input.ProvinceCode} vào ngày ban hành.", $"No province has code {input.ProvinceCode} on the date of issue."));
            }
            else
            {
                provinceId = unit.Id;
            }
        }

        if (input.StartYear is < 2000 or > 2100 || input.EndYear < input.StartYear || input.EndYear > 2100)
        {
            p.Add(Bad("endYear", "Giai đoạn phải từ năm 2000 đến 2100, năm kết thúc không trước năm bắt đầu.", "Years must lie between 2000 and 2100, the end not before the start."));
        }

        if (!(input.AtRiskPercent > 0 && input.AtRiskPercent < input.OnTrackPercent && input.OnTrackPercent <= 100))
        {
            p.Add(Bad("onTrackPercent", "Ngưỡng phải thỏa 0 < có nguy cơ < đúng tiến độ ≤ 100.", "Thresholds must satisfy 0 < at risk < on track ≤ 100."));
        }

        var pillars = (input.Pillars ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(TextFold.Clean).Where(x => x.Length > 0).Distinct().ToList();
        if (pillars.Any(x => x.Length > 200 || x.IndexOfAny(['<', '>']) >= 0))
        {
            p.Add(Bad("pillars", "Mỗi trụ cột tối đa 200 ký tự, không chứa < hoặc >.", "Each pillar has at most 200 characters, without < or >."));
        }

        if (p.Count > 0)
        {
            return Outcome<Programme>.Fail(p);
        }

        var programme = new Programme
        {
            Code = code, Name = name, DocumentNumber = Optional(input.DocumentNumber), IssuedOn = input.IssuedOn, Issuer = Optional(input.Issuer),
            ProvinceId = provinceId, StartYear = input.StartYear, EndYear = input.EndYear,
            OnTrackPercent = input.OnTrackPercent, AtRiskPercent = input.AtRiskPercent, Source = Optional(input.Source),
            Pillars = [.. pillars.Select((x, i) => new Pillar { Name = x, SortOrder = i })],
        };
        db.Programmes.Add(programme);
        await db.SaveChangesAsync(ct);
        return Outcome<Programme>.Ok(programme);
    }

    /// <summary>Changes the status thresholds of a programme (kept in the audit trail like every change).</summary>
    public async Task<Outcome<Programme>> SetThresholdsAsync(string code, double onTrack, double atRisk, CancellationToken ct = default)
    {
        if (!(atRisk > 0 && atRisk < onTrack && onTrack <= 100))
        {
            return Outcome<Programme>.Fail("onTrackPercent", "Ngưỡng phải thỏa 0 < có nguy cơ < đúng tiến độ ≤ 100.", "Thresholds must satisfy 0 < at risk < on track ≤ 100.");
        }

        var programme = await db.Programmes.SingleOrDefaultAsync(x => x.Code == code, ct);
        if (programme is null)
        {
            return Outcome<Programme>.Fail("code", "Không tìm thấy chương trình.", "Programme not found.");
        }

        (programme.OnTrackPercent, programme.AtRiskPercent) = (onTrack, atRisk);
        await db.SaveChangesAsync(ct);
        return Outcome<Programme>.Ok(programme);
    }

    public async Task<Outcome<Target>> AddTargetAsync(string programmeCode, TargetInput input, CancellationToken ct = default)
    {
        var programme = await db.Programmes.Include(x => x.Pillars).SingleOrDefaultAsync(x => x.Code == programmeCode, ct);
        if (programme is null)
        {
            return Outcome<Target>.Fail("programme", "Không tìm thấy chương trình.", "Programme not found.");
        }

        var p = new List<Problem>();
        var target = await NewTargetAsync(programme, input, p, ct);
        if (target is null)
        {
            return Outcome<Target>.Fail(p);
        }

        target.SortOrder = await db.Targets.CountAsync(x => x.ProgrammeId == programme.Id, ct);
        db.Targets.Add(target);
        await db.SaveChangesAsync(ct);
        return Outcome<Target>.Ok(target);
    }

    /// <summary>Checks a new target of the programme and builds it, unsaved; null when <paramref name="p"/> got problems.</summary>
    internal async Task<Target?> NewTargetAsync(Programme programme, TargetInput input, List<Problem> p, CancellationToken ct)
    {
        var count = p.Count;
        var code = Code(input.Code, p);
        var name = Text(input.Name, "name", 500, required: true, p);
        var nameEn = Text(input.NameEn, "nameEn", 500, required: false, p);
        var unit = Text(input.Unit, "unit", 32, required: false, p);
        if (code.Length > 0 && await db.Targets.AnyAsync(x => x.Code == code, ct))
        {
            p.Add(Bad("code", $"Đã có chỉ tiêu mã {code}.", $"A target with code {code} exists."));
        }

        if ((input.BaselineValue is null) != (input.BaselineYear is null))
        {
            p.Add(Bad("baselineYear", "Mốc cơ sở cần cả giá trị và năm (hoặc bỏ trống cả hai).", "A baseline needs both a value and a year (or neither)."));
        }

        var milestones = ParseMilestones(input.Milestones, p);
        CheckAfterBaseline(milestones, input.BaselineYear, "milestones", p);
        var indicator = string.IsNullOrWhiteSpace(input.IndicatorCode) ? null
            : await db.Indicators.SingleOrDefaultAsync(i => i.Code == input.IndicatorCode.Trim(), ct);
        if (indicator is null)
        {
            p.Add(Bad("indicatorCode", $"Không có chỉ số đo mã '{input.IndicatorCode}'.", $"There is no indicator with code '{input.IndicatorCode}'."));
        }

        if (input.PillarId is { } pillarId && programme.Pillars.All(x => x.Id != pillarId))
        {
            p.Add(Bad("pillarId", "Trụ cột không thuộc chương trình này.", "The pillar is not one of this programme's."));
        }

        OrgUnit? responsible = null;
        if (!string.IsNullOrWhiteSpace(input.ResponsibleUnitCode))
        {
            responsible = await units.FindAsync(input.ResponsibleUnitCode.Trim(), Dates.Today(clock), ct);
            if (responsible is null)
            {
                p.Add(Bad("responsibleUnitCode", $"Không có đơn vị mã {input.ResponsibleUnitCode} hôm nay.", $"No unit has code {input.ResponsibleUnitCode} today."));
            }
        }

        if (p.Count > count)
        {
            return null;
        }

        var head = responsible is null ? null : await db.Positions.FirstOrDefaultAsync(x => x.OrgUnitId == responsible.Id && x.IsHead, ct);
        return new Target
        {
            Code = code, ProgrammeId = programme.Id, PillarId = input.PillarId, Name = name, NameEn = nameEn.Length > 0 ? nameEn : null, Unit = unit,
            Comparator = input.Comparator,
            Direction = input.Direction ?? (input.Comparator is Comparator.AtMost or Comparator.LessThan ? Direction.LowerIsBetter : Direction.HigherIsBetter),
            BaselineValue = input.BaselineValue, BaselineYear = input.BaselineYear, PathShape = input.PathShape, IndicatorId = indicator!.Id,
            ResponsibleUnitId = responsible?.Id, AccountablePositionId = head?.Id, DataSource = Optional(input.DataSource), Notes = Optional(input.Notes),
            Milestones = [.. milestones.Select(m => new TargetMilestone { Year = m.Year, Value = m.Value })],
        };
    }

    /// <summary>A path starts from the baseline: every milestone must come after its year.</summary>
    internal static void CheckAfterBaseline(List<Milestone> milestones, int? baselineYear, string field, List<Problem> problems)
    {
        if (baselineYear is { } by && milestones.Any(m => m.Year <= by))
        {
            problems.Add(Bad(field, $"Các mốc phải sau năm cơ sở {by}.", $"Milestones must come after the baseline year {by}."));
        }
    }

    public async Task<Outcome<DataElement>> AddDataElementAsync(DataElementInput input, CancellationToken ct = default)
    {
        var p = new List<Problem>();
        var code = Code(input.Code, p);
        var name = Text(input.Name, "name", 500, required: true, p);
        var nameEn = Text(input.NameEn, "nameEn", 500, required: false, p);
        var unit = Text(input.Unit, "unit", 32, required: false, p);
        if (code.Length > 0 && await db.DataElements.AnyAsync(x => x.Code == code, ct))
        {
            p.Add(Bad("code", $"Đã có chỉ số dữ liệu mã {code}.", $"A data element with code {code} exists."));
        }

        if (input.MinValue is { } min && input.MaxValue is { } max && min > max)
        {
            p.Add(Bad("maxValue", "Giá trị lớn nhất phải không nhỏ hơn giá trị nhỏ nhất.", "The largest value must not be below the smallest."));
        }

        if (p.Count > 0)
        {
            return Outcome<DataElement>.Fail(p);
        }

        var element = new DataElement
        {
            Code = code, Name = name, NameEn = nameEn.Length > 0 ? nameEn : null, Unit = unit, TimeAggregation = input.TimeAggregation,
            MinValue = input.MinValue, MaxValue = input.MaxValue, WholeNumbers = input.WholeNumbers,
        };
        db.DataElements.Add(element);
        await db.SaveChangesAsync(ct);
        return Outcome<DataElement>.Ok(element);
    }

    public async Task<Outcome<Indicator>> AddIndicatorAsync(IndicatorInput input, CancellationToken ct = default)
    {
        var p = new List<Problem>();
        var code = Code(input.Code, p);
        var name = Text(input.Name, "name", 500, required: true, p);
        var nameEn = Text(input.NameEn, "nameEn", 500, required: false, p);
        var unit = Text(input.Unit, "unit", 32, required: false, p);
        if (code.Length > 0 && await db.Indicators.AnyAsync(x => x.Code == code, ct))
        {
            p.Add(Bad("code", $"Đã có chỉ số đo mã {code}.", $"An indicator with code {code} exists."));
        }

        var element = await db.DataElements.SingleOrDefaultAsync(e => e.Code == (input.ElementCode ?? "").Trim(), ct);
        if (element is null)
        {
            p.Add(Bad("elementCode", $"Không có chỉ số dữ liệu mã '{input.ElementCode}'.", $"There is no data element with code '{input.ElementCode}'."));
        }

        DataElement? denominator = null;
        if (!string.IsNullOrWhiteSpace(input.DenominatorCode))
        {
            denominator = await db.DataElements.SingleOrDefaultAsync(e => e.Code == input.DenominatorCode.Trim(), ct);
            if (denominator is null)
            {
                p.Add(Bad("denominatorCode", $"Không có chỉ số dữ liệu mã '{input.DenominatorCode}'.", $"There is no data element with code '{input.DenominatorCode}'."));
            }
        }

        if (input.Aggregation == Aggregation.WeightedMean && string.IsNullOrWhiteSpace(input.DenominatorCode))
        {
            p.Add(Bad("aggregation", "Bình quân gia quyền cần mẫu số: hãy chọn chỉ số dữ liệu mẫu số.", "A weighted mean needs a denominator: choose the denominator's data element."));
        }

        if (!double.IsFinite(input.Factor) || input.Factor == 0)
        {
            p.Add(Bad("factor", "Hệ số phải là số khác 0 (ví dụ 100 cho tỷ lệ phần trăm).", "The factor must be a non-zero number (e.g. 100 for a percentage)."));
        }

        if (p.Count > 0)
        {
            return Outcome<Indicator>.Fail(p);
        }

        var indicator = new Indicator
        {
            Code = code, Name = name, NameEn = nameEn.Length > 0 ? nameEn : null, Unit = unit,
            Kind = denominator is null ? IndicatorKind.Direct : IndicatorKind.Ratio, ElementId = element!.Id, DenominatorId = denominator?.Id,
            Factor = denominator is null ? 1 : input.Factor, Aggregation = input.Aggregation,
        };
        db.Indicators.Add(indicator);
        await db.SaveChangesAsync(ct);
        return Outcome<Indicator>.Ok(indicator);
    }

    /// <summary>Reads "2025: 80; 2030: 100" (also "2025=80,5" with a Vietnamese decimal comma).</summary>
    public static List<Milestone> ParseMilestones(string? text, List<Problem> problems)
    {
        var result = new List<Milestone>();
        var parts = (text ?? string.Empty).Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var part in parts)
        {
            var pair = part.Split([':', '='], 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !int.TryParse(pair[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100
                || !TryNumber(pair[1], out var value))
            {
                problems.Add(Bad("milestones", $"Không đọc được mốc '{part}': viết dạng 2025: 80; 2030: 100.", $"Cannot read milestone '{part}': write it as 2025: 80; 2030: 100."));
                continue;
            }

            if (result.Any(m => m.Year == year))
            {
                problems.Add(Bad("milestones", $"Năm {year} có hai mốc.", $"Year {year} has two milestones."));
                continue;
            }

            result.Add(new Milestone(year, value));
        }

        if (parts.Length == 0)
        {
            problems.Add(Bad("milestones", "Cần ít nhất một mốc (năm: giá trị).", "At least one milestone (year: value) is needed."));
        }

        return [.. result.OrderBy(m => m.Year)];
    }

    // A Vietnamese decimal comma ("80,5") or an invariant point ("80.5"); thousands separators are not expected here.
    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string Code(string? text, List<Problem> problems)
    {
        var code = TextFold.Clean(text);
        if (!CodePattern().IsMatch(code))
        {
            problems.Add(Bad("code", "Mã có 1–64 ký tự: chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới.", "A code has 1–64 characters: letters without diacritics, digits, dot, hyphen, underscore."));
        }

        return code;
    }

    internal static string Text(string? text, string field, int max, bool required, List<Problem> problems)
    {
        var clean = TextFold.Clean(text);
        if ((required && clean.Length == 0) || clean.Length > max || clean.IndexOfAny(['<', '>']) >= 0)
        {
            problems.Add(Bad(field, $"Phải có {(required ? 1 : 0)}–{max} ký tự, không chứa < hoặc >.", $"Must have {(required ? 1 : 0)}–{max} characters, without < or >."));
        }

        return clean;
    }

    internal static string? Optional(string? text) => TextFold.Clean(text) is { Length: > 0 } t ? t : null;

    internal static Problem Bad(string field, string vi, string en) => new(field, new Msg(vi, en));
}
