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

/// <summary>
/// The outcome of a batch: each row's status, the problems (keyed <c>dataValues[i].field</c>), and counts; once saved,
/// whether each row's value counts in official figures now (<see cref="Approved"/>) or after its report's approval.
/// </summary>
public sealed record DataValueBatch(IReadOnlyList<RowStatus> Rows, IReadOnlyList<Problem> Problems, IReadOnlyList<bool>? Approved = null)
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

    /// <summary>
    /// Saves values entered outside the report page (the API, the target page) under the report workflow (see
    /// <see cref="Reporting.ReportGate"/>): a value a report form collects lands unapproved in that report's draft, or is
    /// refused while the report is submitted or approved; any other value is approved at once only when
    /// <paramref name="mayApprove"/> (the DX office, administrators), otherwise it waits for their approval.
    /// </summary>
    public async Task<DataValueBatch> SaveAsync(
        IReadOnlyList<DataValueInput> rows, Func<int, DateOnly, CancellationToken, Task<bool>> mayWrite, bool mayApprove, CancellationToken ct = default)
    {
        if (rows.Count is 0 or > MaxRows)
        {
            return new DataValueBatch([], [new Problem("dataValues", new Msg(
                $"Cần từ 1 đến {MaxRows.ToString("N0", CultureInfo.GetCultureInfo("vi-VN"))} dòng giá trị.",
                $"Send between 1 and {MaxRows:N0} values."))]);
        }

        var codes = rows.Select(r => r.DataElement?.Trim()).Where(c => c is not null).Distinct().ToList();
        var elements = await db.DataElements.AsNoTracking().Where(e => codes.Contains(e.Code)).ToDictionaryAsync(e => e.Code, ct);
        var unitCodes = rows.Select(r => r.OrgUnit?.Trim()).OfType<string>().Where(c => c.Length > 0).Distinct().ToList();
        var checker = new ValueRowChecker(elements, await units.CodeIndexAsync(unitCodes, ct));
        var statuses = new RowStatus[rows.Count];
        var problems = new List<Problem>();
        var parsed = new CheckedValue?[rows.Count];
        var allowed = new Dictionary<(int, DateOnly), bool>();
        for (var i = 0; i < rows.Count; i++)
        {
            var rowProblems = new List<Problem>();
            var index = i;
            parsed[i] = checker.Check(rows[i], i + 1, f => $"dataValues[{index}].{f}", rowProblems, out var place);
            if (place is var ((id, code), on))
            {
                if (!allowed.TryGetValue((id, on), out var may))
                {
                    allowed[(id, on)] = may = await mayWrite(id, on, ct);
                }

                if (!may)
                {
                    statuses[i] = RowStatus.Forbidden;
                    parsed[i] = null;
                    rowProblems.Add(new Problem($"dataValues[{i}].orgUnit", new Msg(
                        $"Dòng {i + 1}: đơn vị {code} nằm ngoài phạm vi tài khoản của bạn.", $"Row {i + 1}: unit {code} is outside your account's scope.")));
                }
            }

            if (rowProblems.Count > 0)
            {
                statuses[i] = statuses[i] == RowStatus.Forbidden ? RowStatus.Forbidden : RowStatus.Invalid;
                problems.AddRange(rowProblems);
            }
        }

        if (problems.Count > 0)
        {
            return new DataValueBatch(statuses, problems);
        }

        // The values are read and written in one transaction that holds them: two writers of the same new value would
        // otherwise both insert it (the second refused by the store's key), and two of the same value would both record
        // the change from what they read. Early answers below roll it back.
        var good = parsed.Select(p => p!).ToList();
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await HoldAsync(good, ct);
        var existing = await ExistingAsync(good, ct);

        var gate = await Reporting.ReportGate.LoadAsync(db, good, ct);
        var places = good.Select((row, i) => gate.Place(row, i)).ToList();
        var refusals = new Problem?[good.Count];
        for (var i = 0; i < good.Count; i++)
        {
            refusals[i] = places[i].Refusal ?? (places[i].Report is null && !mayApprove ? ApprovedRefusal(good[i], existing, i) : null);
            statuses[i] = refusals[i] is null ? statuses[i] : RowStatus.Invalid;
        }

        if (refusals.OfType<Problem>().ToList() is { Count: > 0 } refused)
        {
            return new DataValueBatch(statuses, refused);
        }

        var approved = new bool[good.Count];
        await WriteAsync(good, existing, statuses, i => places[i].Report is { } report ? (false, report) : (mayApprove, null), ct, gate, approved);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }

        return new DataValueBatch(statuses, [], approved);
    }

    /// <summary>
    /// The report's own write of its draft: <see cref="Reporting.ReportingService"/> has checked each value, its unit and the
    /// writer's scope, so the values are written as they are, unapproved, and the report decides the rest.
    /// </summary>
    internal async Task WriteDraftAsync(List<CheckedValue> rows, CancellationToken ct)
    {
        await HoldAsync(rows, ct);
        await WriteAsync(rows, await ExistingAsync(rows, ct), new RowStatus[rows.Count], _ => (false, null), ct);
    }

    /// <summary>
    /// Holds the rows' values until the current transaction ends, so concurrent writers of one value take turns. SQLite's
    /// write transaction holds the whole file already; PostgreSQL takes a transaction-level advisory lock per value (element,
    /// unit, period, hashed; a collision only makes two writers take turns), in one order so that two batches cannot
    /// wait for each other.
    /// </summary>
    private async Task HoldAsync(List<CheckedValue> rows, CancellationToken ct)
    {
        if (db.IsSqlite || db.Database.CurrentTransaction is null)
        {
            return;
        }

        var keys = rows.Select(r => ValueLockKey(r.Element.Id, r.Unit.Id, r.Period.Code)).Distinct().Order().ToArray();
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ValueLockSpace}, k) FROM (SELECT DISTINCT k FROM unnest({keys}) AS k ORDER BY k) AS held", ct);
    }

    /// <summary>The first key of the values' advisory locks: their own space, apart from the change feed's single-key lock.</summary>
    private const int ValueLockSpace = 0x4C56_414C; // "LVAL"

    /// <summary>A stable 32-bit hash of a value's key (the same in every process, unlike string.GetHashCode).</summary>
    internal static int ValueLockKey(int elementId, int unitId, string period)
    {
        var h = 2166136261u;
        foreach (var c in $"{elementId}/{unitId}/{period}")
        {
            h = (h ^ c) * 16777619u;
        }

        return unchecked((int)h);
    }

    /// <summary>
    /// Writes the rows; <paramref name="place"/> says of row i whether its value is approved and the report it belongs to,
    /// whose version rises and whose step is recorded (through <paramref name="gate"/>) when the value changed.
    /// </summary>
    private async Task WriteAsync(
        List<CheckedValue> rows, Dictionary<(int, int, string), DataValue> existing, RowStatus[] statuses, Func<int, (bool Approved, Reporting.Report? Report)> place,
        CancellationToken ct, Reporting.ReportGate? gate = null, bool[]? approvedNow = null)
    {
        var now = db.UtcNow;
        for (var i = 0; i < rows.Count; i++)
        {
            var (element, unit, period, value, comment) = rows[i];
            var (approved, report) = place(i);
            if (existing.TryGetValue((element.Id, unit.Id, period.Code), out var current))
            {
                // The same value again changes nothing, unless it is an approver's approval of a waiting value.
                if (current.Value.Equals(value) && current.Comment == comment && (current.Approved || !approved))
                {
                    statuses[i] = RowStatus.Unchanged;
                    approvedNow?[i] = current.Approved;
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

            approvedNow?[i] = approved;
            if (report is not null)
            {
                gate!.Changed(report);
            }
        }

        gate?.Stage();
        await db.SaveChangesAsync(ct);
        if (gate is { HasSteps: true })
        {
            gate.RecordSteps();
            await db.SaveChangesAsync(ct);
        }

        Common.LodestarMetrics.ValuesSaved.Add(statuses.Count(s => s is RowStatus.Created or RowStatus.Updated));
    }

    /// <summary>The stored values of the rows' keys (tracked: the write changes them).</summary>
    private Task<Dictionary<(int, int, string), DataValue>> ExistingAsync(List<CheckedValue> rows, CancellationToken ct)
    {
        var elementIds = rows.Select(r => r.Element.Id).Distinct().ToList();
        var unitIds = rows.Select(r => r.Unit.Id).Distinct().ToList();
        var periods = rows.Select(r => r.Period.Code).Distinct().ToList();
        return db.DataValues
            .Where(v => elementIds.Contains(v.DataElementId) && unitIds.Contains(v.OrgUnitId) && periods.Contains(v.Period))
            .ToDictionaryAsync(v => (v.DataElementId, v.OrgUnitId, v.Period), ct);
    }

    /// <summary>
    /// A value no form collects that the DX office has approved counts in official figures: only the DX office (or an
    /// administrator) changes it; anyone else's different value is refused rather than taking the approved one out.
    /// </summary>
    private static Problem? ApprovedRefusal(CheckedValue row, Dictionary<(int, int, string), DataValue> existing, int index) =>
        existing.TryGetValue((row.Element.Id, row.Unit.Id, row.Period.Code), out var current) && current.Approved
        && (!current.Value.Equals(row.Value) || current.Comment != row.Comment)
            ? new Problem($"dataValues[{index}].value", new Msg(
                $"Dòng {index + 1}: giá trị {row.Element.Code} của đơn vị {row.Unit.Code} kỳ {row.Period.Code} đã được Văn phòng chuyển đổi số duyệt; chỉ Văn phòng chuyển đổi số sửa được.",
                $"Row {index + 1}: the value of {row.Element.Code} at unit {row.Unit.Code} for {row.Period.Code} was approved by the DX office; only the DX office changes it."))
            : null;

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

}
