using System.Globalization;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Values;

/// <summary>One row of a batch of values, as received (the value as invariant text, e.g. "1234.5").</summary>
public sealed record DataValueInput(string? DataElement, string? OrgUnit, string? Period, string? Value, string? Comment);

public enum RowStatus
{
    Created,
    Updated,
    Unchanged,
    Invalid,
    Forbidden,
}

/// <summary>The outcome of a batch: each row's status, the problems (keyed <c>dataValues[i].field</c>), and counts.</summary>
public sealed record DataValueBatch(IReadOnlyList<RowStatus> Rows, IReadOnlyList<Problem> Problems)
{
    public bool Forbidden => Rows.Contains(RowStatus.Forbidden);

    public bool Saved => Problems.Count == 0;

    public int Count(RowStatus status) => Rows.Count(r => r == status);
}

/// <summary>
/// Writes reported values. A batch is all or nothing: every row is checked first (element, unit on the
/// period's last day, period code, number, bounds, duplicates, the writer's scope), and nothing is written
/// unless every row is good. Each change is kept in <see cref="DataValueChange"/> with who and when.
/// </summary>
public sealed class DataValueService(LodestarDbContext db, OrgUnitQueries units)
{
    public const int MaxRows = 10_000;

    public Task<DataValueBatch> SaveAsync(
        IReadOnlyList<DataValueInput> rows, Func<int, DateOnly, CancellationToken, Task<bool>> mayWrite, CancellationToken ct = default) =>
        SaveAsync(rows, mayWrite, approved: true, ct);

    /// <summary>
    /// As above; <paramref name="approved"/> false marks every created or changed value as not yet approved (a
    /// report's draft): it counts in published figures only once its report is approved.
    /// </summary>
    public async Task<DataValueBatch> SaveAsync(
        IReadOnlyList<DataValueInput> rows, Func<int, DateOnly, CancellationToken, Task<bool>> mayWrite, bool approved, CancellationToken ct = default)
    {
        if (rows.Count is 0 or > MaxRows)
        {
            return new DataValueBatch([], [new Problem("dataValues", new Msg(
                $"Cần từ 1 đến {MaxRows.ToString("N0", CultureInfo.GetCultureInfo("vi-VN"))} dòng giá trị.",
                $"Send between 1 and {MaxRows:N0} values."))]);
        }

        var codes = rows.Select(r => r.DataElement?.Trim()).Where(c => c is not null).Distinct().ToList();
        var elements = await db.DataElements.AsNoTracking().Where(e => codes.Contains(e.Code)).ToDictionaryAsync(e => e.Code, ct);
        var statuses = new RowStatus[rows.Count];
        var problems = new List<Problem>();
        var parsed = new (DataElement Element, OrgUnit Unit, Period Period, double Value, string? Comment)?[rows.Count];
        var firstRowOfKey = new Dictionary<(int, int, string), int>();
        var unitCache = new Dictionary<(string, DateOnly), OrgUnit?>();

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var rowProblems = new List<Problem>();
            void Bad(string field, string vi, string en) =>
                rowProblems.Add(new Problem($"dataValues[{i}].{field}", new Msg($"Dòng {i + 1}: {vi}", $"Row {i + 1}: {en}")));

            var code = row.DataElement?.Trim();
            DataElement? element = null;
            if (string.IsNullOrEmpty(code))
            {
                Bad("dataElement", "thiếu mã chỉ số dữ liệu.", "the data element code is missing.");
            }
            else if (!elements.TryGetValue(code, out element))
            {
                Bad("dataElement", $"không có chỉ số dữ liệu mã '{code}'.", $"there is no data element with code '{code}'.");
            }

            if (!Period.TryParse(row.Period?.Trim(), out var period))
            {
                Bad("period", $"kỳ '{row.Period}' không hợp lệ; dùng 2025, 2025S1, 2025Q3 hoặc 202507.",
                    $"period '{row.Period}' is not valid; use 2025, 2025S1, 2025Q3 or 202507.");
            }

            OrgUnit? unit = null;
            var unitCode = row.OrgUnit?.Trim();
            if (string.IsNullOrEmpty(unitCode))
            {
                Bad("orgUnit", "thiếu mã đơn vị.", "the unit code is missing.");
            }
            else if (period != default)
            {
                // Codes were reused by the 2025 reform: a code means the unit that had it on the period's last day.
                var key = (unitCode, period.End);
                if (!unitCache.TryGetValue(key, out unit))
                {
                    unitCache[key] = unit = await units.FindAsync(unitCode, period.End, ct);
                }

                if (unit is null)
                {
                    Bad("orgUnit", $"không có đơn vị mã '{unitCode}' vào ngày {period.End.ToDisplay()} (cuối kỳ {period.Code}).",
                        $"no unit has code '{unitCode}' on {period.End.ToDisplay()} (the end of period {period.Code}).");
                }
            }

            double value = 0;
            if (string.IsNullOrWhiteSpace(row.Value))
            {
                Bad("value", "thiếu giá trị.", "the value is missing.");
            }
            else if (!double.TryParse(row.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
            {
                Bad("value", $"'{row.Value}' không phải là số.", $"'{row.Value}' is not a number.");
            }
            else if (element is not null && (value < element.MinValue || value > element.MaxValue))
            {
                Bad("value", $"{Fmt(value)} nằm ngoài khoảng cho phép {Fmt(element.MinValue)}–{Fmt(element.MaxValue)} {element.Unit}.",
                    $"{value.ToString(CultureInfo.InvariantCulture)} is outside the allowed range {element.MinValue}–{element.MaxValue} {element.Unit}.");
            }

            var comment = TextFold.Clean(row.Comment);
            if (comment?.Length > 2000)
            {
                Bad("comment", "ghi chú dài quá 2.000 ký tự.", "the comment is longer than 2,000 characters.");
            }

            if (element is not null && unit is not null && period != default)
            {
                if (firstRowOfKey.TryGetValue((element.Id, unit.Id, period.Code), out var first))
                {
                    Bad("period", $"trùng với dòng {first + 1} (cùng chỉ số, đơn vị và kỳ).", $"duplicates row {first + 1} (same element, unit and period).");
                }
                else
                {
                    firstRowOfKey[(element.Id, unit.Id, period.Code)] = i;
                }

                if (!await mayWrite(unit.Id, period.End, ct))
                {
                    statuses[i] = RowStatus.Forbidden;
                    Bad("orgUnit", $"đơn vị {unit.Code} nằm ngoài phạm vi tài khoản của bạn.", $"unit {unit.Code} is outside your account's scope.");
                }
            }

            if (rowProblems.Count > 0)
            {
                statuses[i] = statuses[i] == RowStatus.Forbidden ? RowStatus.Forbidden : RowStatus.Invalid;
                problems.AddRange(rowProblems);
            }
            else
            {
                parsed[i] = (element!, unit!, period, value, string.IsNullOrEmpty(comment) ? null : comment);
            }
        }

        if (problems.Count > 0)
        {
            return new DataValueBatch(statuses, problems);
        }

        await WriteAsync(parsed.Select(p => p!.Value).ToList(), statuses, approved, ct);
        return new DataValueBatch(statuses, []);
    }

    private async Task WriteAsync(
        List<(DataElement Element, OrgUnit Unit, Period Period, double Value, string? Comment)> rows, RowStatus[] statuses, bool approved, CancellationToken ct)
    {
        var elementIds = rows.Select(r => r.Element.Id).Distinct().ToList();
        var unitIds = rows.Select(r => r.Unit.Id).Distinct().ToList();
        var periods = rows.Select(r => r.Period.Code).Distinct().ToList();
        var existing = await db.DataValues
            .Where(v => elementIds.Contains(v.DataElementId) && unitIds.Contains(v.OrgUnitId) && periods.Contains(v.Period))
            .ToDictionaryAsync(v => (v.DataElementId, v.OrgUnitId, v.Period), ct);

        var now = db.UtcNow;
        for (var i = 0; i < rows.Count; i++)
        {
            var (element, unit, period, value, comment) = rows[i];
            if (existing.TryGetValue((element.Id, unit.Id, period.Code), out var current))
            {
                if (current.Value.Equals(value) && current.Comment == comment)
                {
                    statuses[i] = RowStatus.Unchanged;
                    continue;
                }

                db.DataValueChanges.Add(Change(current.DataElementId, current.OrgUnitId, current.Period, current.Value, value, comment, now));
                current.Value = value;
                current.Comment = comment;
                current.Approved = approved;
                statuses[i] = RowStatus.Updated;
            }
            else
            {
                db.DataValues.Add(new DataValue
                {
                    DataElementId = element.Id,
                    OrgUnitId = unit.Id,
                    Period = period.Code,
                    PeriodType = period.Type,
                    StartOn = period.Start,
                    EndOn = period.End,
                    Value = value,
                    Comment = comment,
                    Approved = approved,
                });
                db.DataValueChanges.Add(Change(element.Id, unit.Id, period.Code, null, value, comment, now));
                statuses[i] = RowStatus.Created;
            }
        }

        await db.SaveChangesAsync(ct);
        Common.LodestarMetrics.ValuesSaved.Add(statuses.Count(s => s is RowStatus.Created or RowStatus.Updated));
    }

    private DataValueChange Change(int elementId, int unitId, string period, double? oldValue, double? newValue, string? comment, DateTime at) => new()
    {
        DataElementId = elementId,
        OrgUnitId = unitId,
        Period = period,
        OldValue = oldValue,
        NewValue = newValue,
        Comment = comment,
        At = at,
        By = db.ActorName,
    };

    private static string Fmt(double? v) => v?.ToString("#,##0.##", CultureInfo.GetCultureInfo("vi-VN")) ?? "…";
}
