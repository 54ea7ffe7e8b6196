using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Lodestar.Values;

/// <summary>
/// Who writes an import and under which rules: <paramref name="Approved"/> the values count at once; <paramref name="By"/>
/// the name the values and their history carry (the actor when null; a connector writes "connector:CODE");
/// <paramref name="MayWrite"/> whether the writer may write a unit on a day (null: every unit, the operator's CLI);
/// <paramref name="KeepApproved"/> a row that would change a value the DX office approved refuses the file.
/// </summary>
public sealed record BulkImportSource(
    bool Approved, string? By = null, Func<int, DateOnly, CancellationToken, Task<bool>>? MayWrite = null, string? ScopeName = null, bool KeepApproved = false);

/// <summary>What a bulk import did, and how long checking and saving took.</summary>
public sealed record BulkImportResult(int Rows, int Created, int Updated, int Unchanged, TimeSpan Checking, TimeSpan Saving);

/// <summary>
/// Imports a CSV file of values (columns dataElement, orgUnit, period, value and optionally comment, in any order) for
/// operators: national systems' exports, history, the synthetic national dataset. Every row passes the same checks as
/// the API's batches (<see cref="ValueRowChecker"/>), in batches on every core; any bad row refuses the whole file,
/// naming line and field. The rows are then written in one transaction (docs/adr/0010): on PostgreSQL a file none of
/// whose keys is stored is COPYed straight into the store and its history (one history row per value); any other file,
/// and every file on SQLite, goes through a temporary table and one join that keeps the new or changed rows, whose
/// history is written, then the changed values updated and the new ones inserted. A crash before the commit leaves
/// nothing behind, and a second run changes nothing. A value a report form collects is never imported here: it counts
/// only after its report's approval, so it goes through the report (page, Excel upload or values API), and a file with
/// such a row is refused, naming the line and the form.
/// </summary>
public sealed class BulkValueImport(LodestarDbContext db, OrgUnitQueries units)
{
    /// <summary>At most this many problems are listed (the count says how many more).</summary>
    public const int MaxProblems = 200;

    /// <summary>The columns a file may have; the first four are required.</summary>
    private static readonly string[] Known = ["dataElement", "orgUnit", "period", "value", "comment"];

    private static readonly string[] Staging = ["e", "u", "p", "pt", "s", "en", "v", "c"];

    private const int BatchSize = 16_384;

    /// <summary>
    /// One batch of checked rows, in file order: the value (null when bad), the key when known, and the problems of
    /// the bad rows — in full for the first <see cref="MaxProblems"/>+1 of them, only counted after that.
    /// </summary>
    private sealed record Batch(int[] Lines, CheckedValue?[] Values, ValueKey?[] Keys, Dictionary<int, List<Problem>>? Problems, Dictionary<int, int> Uncounted);

    private static Batch CheckBatch(ValueRowChecker checker, int[] columns, int width, List<(int Line, string[] Fields)> rows)
    {
        var lines = new int[rows.Count];
        var values = new CheckedValue?[rows.Count];
        var keys = new ValueKey?[rows.Count];
        Dictionary<int, List<Problem>>? problems = null;
        var uncounted = new Dictionary<int, int>();
        var scratch = new List<Problem>();
        var line = 0;
        Func<string, string> name = f => $"line{line}.{f}"; // one namer for the batch, reading the current line
        for (var k = 0; k < rows.Count; k++)
        {
            (line, var fields) = rows[k];
            string? Field(int c) => columns[c] >= 0 && columns[c] < fields.Length ? fields[columns[c]] : null;
            lines[k] = line;
            if (fields.Length > width)
            {
                // "1.234,5" unquoted is two fields: reading 1.234 and dropping the rest would store a wrong number.
                scratch.Add(new Problem($"line{line}", new Msg(
                    $"Dòng {line}: có {fields.Length} cột, tiêu đề có {width}; số thập phân dùng dấu chấm (1234.5), giá trị có dấu phẩy phải đặt trong ngoặc kép.",
                    $"Line {line}: {fields.Length} columns, the header has {width}; decimals use a point (1234.5), and a value with a comma must be in double quotes.")));
            }
            else
            {
                values[k] = checker.CheckFields(new DataValueInput(Field(0), Field(1), Field(2), Field(3), Field(4)), line, name, scratch, out _, out keys[k]);
            }

            if (scratch.Count > 0)
            {
                problems ??= [];
                if (problems.Count <= MaxProblems)
                {
                    problems[k] = [.. scratch];
                }
                else
                {
                    uncounted[k] = scratch.Count;
                }

                scratch.Clear();
            }
        }

        return new Batch(lines, values, keys, problems, uncounted);
    }

    /// <summary>Checks then stores the file; <paramref name="checkedAll"/> hears the number of rows once all passed, before the save starts.</summary>
    public Task<Outcome<BulkImportResult>> ImportCsvAsync(TextReader csv, bool approved = true, Action<int>? checkedAll = null, CancellationToken ct = default) =>
        ImportAsync(CsvRows.ReadAsync(csv, ct), header: true, new BulkImportSource(approved), checkedAll, ct);

    /// <summary>
    /// Checks then stores rows another reader made (a connector's JSON or DHIS2 answer, a CSV with other columns), each
    /// already in the order dataElement, orgUnit, period, value, comment and numbered as its source numbers it (problems
    /// name that number as "line{n}.field"). The same checks, the same all-or-nothing write as a file.
    /// </summary>
    public Task<Outcome<BulkImportResult>> ImportRowsAsync(IAsyncEnumerable<(int Line, string[] Fields)> rows, BulkImportSource source, CancellationToken ct = default) =>
        ImportAsync(rows, header: false, source, null, ct);

    /// <summary>A CSV file of the import's columns (a header line first) from another writer than the operator: see <see cref="BulkImportSource"/>.</summary>
    public Task<Outcome<BulkImportResult>> ImportCsvAsync(TextReader csv, BulkImportSource source, CancellationToken ct = default) =>
        ImportAsync(CsvRows.ReadAsync(csv, ct), header: true, source, null, ct);

    private async Task<Outcome<BulkImportResult>> ImportAsync(
        IAsyncEnumerable<(int Line, string[] Fields)> records, bool header, BulkImportSource source, Action<int>? checkedAll, CancellationToken ct)
    {
        var approved = source.Approved;
        var started = Stopwatch.GetTimestamp();
        var elements = await db.DataElements.AsNoTracking().ToDictionaryAsync(e => e.Code, ct);
        var checker = new ValueRowChecker(elements, await units.CodeIndexAsync(null, ct));
        var rows = new List<CheckedValue>();
        var rowLines = new List<int>();
        var problems = new List<Problem>();
        var more = 0;
        int[]? columns = header ? null : [0, 1, 2, 3, 4];
        var width = header ? 0 : Known.Length;

        // Rows are read in batches and checked on every core; repeats are then found in file order.
        var inFlight = new Queue<Task<Batch>>();
        var batch = new List<(int Line, string[] Fields)>(BatchSize);
        var scratch = new List<Problem>();
        var line = 0;
        Func<string, string> name = f => $"line{line}.{f}"; // one namer, reading the current line
        void Merge(Batch done)
        {
            for (var k = 0; k < done.Values.Length; k++)
            {
                line = done.Lines[k];
                scratch.Clear();
                if (done.Problems?.GetValueOrDefault(k) is { } listed)
                {
                    scratch.AddRange(listed);
                }

                var unique = done.Keys[k] is not { } key || checker.FirstOfKey(key, line, name, scratch);
                if (done.Values[k] is { } value && unique)
                {
                    rows.Add(value);
                    rowLines.Add(line);
                    continue;
                }

                var uncounted = done.Uncounted.GetValueOrDefault(k);
                if (uncounted == 0 && problems.Count + scratch.Count <= MaxProblems)
                {
                    problems.AddRange(scratch);
                }
                else
                {
                    more += scratch.Count + uncounted;
                }
            }
        }

        async Task Flush(bool all)
        {
            if (batch.Count > 0)
            {
                var work = batch;
                batch = new List<(int Line, string[] Fields)>(BatchSize);
                var cols = columns!;
                inFlight.Enqueue(Task.Run(() => CheckBatch(checker, cols, width, work), ct));
            }

            while (inFlight.Count > (all ? 0 : Environment.ProcessorCount))
            {
                Merge(await inFlight.Dequeue());
            }
        }

        try
        {
            await foreach (var (at, fields) in records.WithCancellation(ct))
            {
                if (columns is null)
                {
                    columns = Columns(fields, problems);
                    if (columns is null)
                    {
                        return Outcome<BulkImportResult>.Fail(problems);
                    }

                    width = fields.Length;
                    continue;
                }

                batch.Add((at, fields));
                if (batch.Count == BatchSize)
                {
                    await Flush(all: false);
                }
            }
        }
        catch (CsvFormatException e)
        {
            problems.Add(new Problem($"line{e.Line}", e.Problem));
            return Outcome<BulkImportResult>.Fail(problems);
        }

        await Flush(all: true);

        if (columns is null || (rows.Count == 0 && problems.Count == 0))
        {
            return Outcome<BulkImportResult>.Fail("file", "Tệp CSV không có dòng dữ liệu nào.", "The CSV file has no data rows.");
        }

        if (problems.Count > 0)
        {
            if (more > 0)
            {
                problems.Add(new Problem("file", new Msg($"… và {more:N0} lỗi khác; không lưu giá trị nào.", $"… and {more:N0} more problems; nothing was saved.")));
            }

            return Outcome<BulkImportResult>.Fail(problems);
        }

        if (source.MayWrite is { } mayWrite && await OutsideScopeAsync(rows, rowLines, mayWrite, source.ScopeName, ct) is { Count: > 0 } outside)
        {
            return Outcome<BulkImportResult>.Fail(outside);
        }

        if (await CollectedByFormsAsync(rows, rowLines, ct) is { Count: > 0 } collected)
        {
            return Outcome<BulkImportResult>.Fail(collected);
        }

        if (source.KeepApproved && await ChangesApprovedAsync(rows, rowLines, ct) is { Count: > 0 } approvedAlready)
        {
            return Outcome<BulkImportResult>.Fail(approvedAlready);
        }

        var checking = Stopwatch.GetElapsedTime(started);
        checkedAll?.Invoke(rows.Count);
        started = Stopwatch.GetTimestamp();
        var (created, updated) = await WriteAsync(rows, approved, source.By ?? db.ActorName, ct);
        LodestarMetrics.ValuesSaved.Add(created + updated);
        return Outcome<BulkImportResult>.Ok(new BulkImportResult(rows.Count, created, updated, rows.Count - created - updated, checking, Stopwatch.GetElapsedTime(started)));
    }

    /// <summary>
    /// The rows whose value a report form collects, each named with its line and form (at most <see cref="MaxProblems"/>,
    /// then a count): the import would put them in official figures past their report's approval.
    /// </summary>
    private async Task<List<Problem>> CollectedByFormsAsync(List<CheckedValue> rows, List<int> lines, CancellationToken ct)
    {
        var gate = await Reporting.ReportGate.LoadAsync(db, rows, ct);
        var problems = new List<Problem>();
        var more = 0;
        for (var k = 0; k < rows.Count; k++)
        {
            if (gate.FormOf(rows[k]) is not { } form)
            {
                continue;
            }

            if (problems.Count == MaxProblems)
            {
                more++;
                continue;
            }

            var (line, row) = (lines[k], rows[k]);
            problems.Add(new Problem($"line{line}.dataElement", new Msg(
                $"Dòng {line}: chỉ số {row.Element.Code} của đơn vị {row.Unit.Code} kỳ {row.Period.Code} được thu qua báo cáo {form}; giá trị này chỉ được tính sau khi báo cáo được duyệt, nên hãy nhập nó qua báo cáo (trang báo cáo, tệp Excel của báo cáo hoặc API giá trị).",
                $"Line {line}: element {row.Element.Code} of unit {row.Unit.Code} for {row.Period.Code} is collected by report {form}; it counts only once that report is approved, so enter it through the report (the report page, its Excel file or the values API).")));
        }

        if (more > 0)
        {
            problems.Add(new Problem("file", new Msg($"… và {more:N0} dòng khác thuộc báo cáo; không lưu giá trị nào.", $"… and {more:N0} more rows collected by reports; nothing was saved.")));
        }

        return problems;
    }

    /// <summary>The position of each column (dataElement, orgUnit, period, value, comment) in the header, or null with the problems.</summary>
    private static int[]? Columns(string[] header, List<Problem> problems)
    {
        if (header.Length == 1 && header[0].IndexOfAny([';', '\t']) >= 0)
        {
            var tab = header[0].Contains('\t', StringComparison.Ordinal);
            problems.Add(new Problem("line1", new Msg(
                $"Dòng 1 (tiêu đề): các cột được ngăn bằng {(tab ? "dấu tab" : "dấu chấm phẩy")}; hãy lưu tệp dạng CSV ngăn bằng dấu phẩy (CSV UTF-8).",
                $"Line 1 (header): the columns are separated by {(tab ? "tabs" : "semicolons")}; save the file as comma-separated CSV (CSV UTF-8).")));
            return null;
        }

        var names = header.Select(h => h.Trim()).ToList();
        var columns = Known.Select(c => names.FindIndex(h => string.Equals(h, c, StringComparison.OrdinalIgnoreCase))).ToArray();
        foreach (var missing in Known.Take(4).Where((_, k) => columns[k] < 0))
        {
            problems.Add(new Problem("line1", new Msg(
                $"Dòng 1 (tiêu đề): thiếu cột '{missing}'; cần dataElement, orgUnit, period, value và có thể có comment.",
                $"Line 1 (header): the column '{missing}' is missing; expected dataElement, orgUnit, period, value and optionally comment.")));
        }

        return problems.Count > 0 ? null : columns;
    }

    /// <summary>
    /// The rows whose unit the writer may not write on the period's last day, each named with its line (at most
    /// <see cref="MaxProblems"/>, then a count); the question is asked once per unit and day.
    /// </summary>
    private static async Task<List<Problem>> OutsideScopeAsync(
        List<CheckedValue> rows, List<int> lines, Func<int, DateOnly, CancellationToken, Task<bool>> mayWrite, string? scopeName, CancellationToken ct)
    {
        var allowed = new Dictionary<(int, DateOnly), bool>();
        var problems = new List<Problem>();
        var more = 0;
        for (var k = 0; k < rows.Count; k++)
        {
            var (unit, on) = (rows[k].Unit, rows[k].Period.End);
            if (!allowed.TryGetValue((unit.Id, on), out var may))
            {
                allowed[(unit.Id, on)] = may = await mayWrite(unit.Id, on, ct);
            }

            if (may)
            {
                continue;
            }

            if (problems.Count == MaxProblems)
            {
                more++;
                continue;
            }

            var line = lines[k];
            problems.Add(new Problem($"line{line}.orgUnit", new Msg(
                $"Dòng {line}: đơn vị {unit.Code} nằm ngoài phạm vi {scopeName ?? "được phép"}; không lưu giá trị nào.",
                $"Line {line}: unit {unit.Code} is outside {(scopeName is null ? "the allowed scope" : "the scope of " + scopeName)}; nothing was saved.")));
        }

        if (more > 0)
        {
            problems.Add(new Problem("file", new Msg($"… và {more:N0} dòng khác ngoài phạm vi; không lưu giá trị nào.", $"… and {more:N0} more rows outside the scope; nothing was saved.")));
        }

        return problems;
    }

    /// <summary>
    /// The rows that would change a value the DX office approved (DataValueService's rule for contributors): a source whose
    /// values wait for approval may not take an approved figure out of the official ones; the DX office changes it.
    /// </summary>
    private async Task<List<Problem>> ChangesApprovedAsync(List<CheckedValue> rows, List<int> lines, CancellationToken ct)
    {
        var elementIds = rows.Select(r => r.Element.Id).Distinct().ToList();
        var unitIds = rows.Select(r => r.Unit.Id).Distinct().ToList();
        var periods = rows.Select(r => r.Period.Code).Distinct().ToList();
        var approved = (await db.DataValues.AsNoTracking()
                .Where(v => v.Approved && elementIds.Contains(v.DataElementId) && unitIds.Contains(v.OrgUnitId) && periods.Contains(v.Period))
                .Select(v => new { v.DataElementId, v.OrgUnitId, v.Period, v.Value, v.Comment })
                .ToListAsync(ct))
            .ToDictionary(v => (v.DataElementId, v.OrgUnitId, v.Period), v => (v.Value, v.Comment));
        var problems = new List<Problem>();
        for (var k = 0; k < rows.Count && problems.Count < MaxProblems; k++)
        {
            var row = rows[k];
            if (approved.TryGetValue((row.Element.Id, row.Unit.Id, row.Period.Code), out var current) && (!current.Value.Equals(row.Value) || current.Comment != row.Comment))
            {
                var line = lines[k];
                problems.Add(new Problem($"line{line}.value", new Msg(
                    $"Dòng {line}: giá trị {row.Element.Code} của đơn vị {row.Unit.Code} kỳ {row.Period.Code} đã được Văn phòng chuyển đổi số duyệt; chỉ Văn phòng chuyển đổi số sửa được.",
                    $"Line {line}: the value of {row.Element.Code} at unit {row.Unit.Code} for {row.Period.Code} was approved by the DX office; only the DX office changes it.")));
            }
        }

        return problems;
    }

    private async Task<(int Created, int Updated)> WriteAsync(List<CheckedValue> rows, bool approved, string by, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var connection = db.Database.GetDbConnection();
            var transaction = tx.GetDbTransaction();
            var now = db.UtcNow;
            var batch = await ChangeFeed.JoinAsync(db, ChangeKinds.Values, rebuild: false, ct);
            var stamp = new Stamp(approved, now, by, batch);
            (int Created, int Updated)? done = null;
            if (connection is NpgsqlConnection npgsql && !await AnyExistsAsync(npgsql, transaction, rows, SampledKeys, ct))
            {
                // A first load (none of the sampled keys is stored): straight into the store and its history, no
                // staging table and no joins. Should a key be there after all, the unique index refuses the COPY and
                // the file takes the merge below instead.
                await tx.CreateSavepointAsync("direct", ct);
                try
                {
                    var checksOff = await CheckReferencesOnceAsync(npgsql, transaction, rows, ct);
                    await CopyNewAsync(npgsql, rows, stamp, ct);
                    if (checksOff)
                    {
                        await ExecuteAsync(transaction, "SET LOCAL session_replication_role = DEFAULT", ct);
                    }

                    done = (rows.Count, 0);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    await tx.RollbackToSavepointAsync("direct", ct);
                }
            }

            done ??= await MergeAsync(connection, transaction, rows, stamp, ct);
            await tx.CommitAsync(ct);
            return done.Value;
        });
    }

    /// <summary>
    /// The foreign keys of the value store, checked once per element and unit of the file instead of once per row: the
    /// rows they point at are locked as the per-row checks would lock them (FOR KEY SHARE, so none can be deleted or
    /// renumbered before the commit), then, when the database lets this role, the per-row checks are switched off for
    /// this transaction (session_replication_role: a superuser, or GRANT SET ON PARAMETER). Otherwise they run as usual.
    /// </summary>
    private static async Task<bool> CheckReferencesOnceAsync(NpgsqlConnection connection, DbTransaction transaction, List<CheckedValue> rows, CancellationToken ct)
    {
        var elements = rows.Select(r => r.Element.Id).Distinct().ToArray();
        var units = rows.Select(r => r.Unit.Id).Distinct().ToArray();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM (SELECT 1 FROM "DataElements" WHERE "Id" = ANY(@e) FOR KEY SHARE) x),
                   (SELECT count(*) FROM (SELECT 1 FROM "OrgUnits" WHERE "Id" = ANY(@u) FOR KEY SHARE) y),
                   has_parameter_privilege('session_replication_role', 'SET')
            """, connection, (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("e", elements);
        command.Parameters.AddWithValue("u", units);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        if (reader.GetInt64(0) != elements.Length || reader.GetInt64(1) != units.Length)
        {
            throw new InvalidOperationException("A data element or unit of the file was deleted while it was imported.");
        }

        var mayTurnOff = reader.GetBoolean(2);
        await reader.CloseAsync();
        if (mayTurnOff)
        {
            await ExecuteAsync(transaction, "SET LOCAL session_replication_role = replica", ct);
        }

        return mayTurnOff;
    }

    /// <summary>Whether any of (a sample of at most <see cref="SampledKeys"/> of) the file's keys is already stored: one indexed probe per key.</summary>
    private static async Task<bool> AnyExistsAsync(NpgsqlConnection connection, DbTransaction transaction, List<CheckedValue> rows, int sample, CancellationToken ct)
    {
        var n = Math.Min(rows.Count, sample);
        var (e, u, p) = (new int[n], new int[n], new string[n]);
        for (var k = 0; k < n; k++)
        {
            var r = rows[(int)((long)k * rows.Count / n)];
            (e[k], u[k], p[k]) = (r.Element.Id, r.Unit.Id, r.Period.Code);
        }

        await using var command = new NpgsqlCommand("""
            SELECT EXISTS (SELECT 1 FROM unnest(@e, @u, @p) AS k(e, u, p)
                JOIN "DataValues" d ON d."DataElementId" = k.e AND d."OrgUnitId" = k.u AND d."Period" = k.p)
            """, connection, (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("e", e);
        command.Parameters.AddWithValue("u", u);
        command.Parameters.AddWithValue("p", p);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>How many of a file's keys are looked up before taking the direct path (all of them in smaller files).</summary>
    internal int SampledKeys { get; init; } = 4096;

    /// <summary>What every row of one import is written with: approved or not, when, by whom, and its change-feed batch.</summary>
    private sealed record Stamp(bool Approved, DateTime At, string By, long Batch);

    private static async Task CopyNewAsync(NpgsqlConnection connection, List<CheckedValue> rows, Stamp stamp, CancellationToken ct)
    {
        var codes = new PeriodCodes();
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY "DataValues" ("DataElementId", "OrgUnitId", "Period", "PeriodType", "StartOn", "EndOn", "Value", "Comment", "Approved", "BatchId", "CreatedAt", "CreatedBy", "UpdatedAt", "UpdatedBy") FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var r in rows)
            {
                WriteValue(copy, codes, r);
                copy.Write(stamp.Approved, NpgsqlDbType.Boolean);
                copy.Write(stamp.Batch, NpgsqlDbType.Bigint);
                copy.Write(stamp.At, NpgsqlDbType.TimestampTz);
                copy.Write(stamp.By, NpgsqlDbType.Text);
                copy.Write(stamp.At, NpgsqlDbType.TimestampTz);
                copy.Write(stamp.By, NpgsqlDbType.Text);
            }

            await copy.CompleteAsync(ct);
        }

        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY "DataValueChanges" ("DataElementId", "OrgUnitId", "Period", "OldValue", "NewValue", "Comment", "At", "By") FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var r in rows)
            {
                copy.StartRow();
                copy.Write(r.Element.Id, NpgsqlDbType.Integer);
                copy.Write(r.Unit.Id, NpgsqlDbType.Integer);
                copy.Write(codes.Of(r.Period).Code, NpgsqlDbType.Varchar);
                copy.WriteNull();
                copy.Write(r.Value, NpgsqlDbType.Double);
                WriteComment(copy, r.Comment);
                copy.Write(stamp.At, NpgsqlDbType.TimestampTz);
                copy.Write(stamp.By, NpgsqlDbType.Text);
            }

            await copy.CompleteAsync(ct);
        }
    }

    /// <summary>Starts a row with a value's element, unit, period (code, type, first and last day), value and comment.</summary>
    private static void WriteValue(NpgsqlBinaryImporter copy, PeriodCodes codes, CheckedValue r)
    {
        var (code, type, start, end) = codes.Of(r.Period);
        copy.StartRow();
        copy.Write(r.Element.Id, NpgsqlDbType.Integer);
        copy.Write(r.Unit.Id, NpgsqlDbType.Integer);
        copy.Write(code, NpgsqlDbType.Varchar);
        copy.Write(type, NpgsqlDbType.Varchar);
        copy.Write(start, NpgsqlDbType.Date);
        copy.Write(end, NpgsqlDbType.Date);
        copy.Write(r.Value, NpgsqlDbType.Double);
        WriteComment(copy, r.Comment);
    }

    private static void WriteComment(NpgsqlBinaryImporter copy, string? comment)
    {
        if (comment is null)
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(comment, NpgsqlDbType.Text);
        }
    }

    /// <summary>A period's code, type and days, worked out once per period rather than once per row.</summary>
    private sealed class PeriodCodes
    {
        private readonly Dictionary<Period, (string Code, string Type, DateOnly Start, DateOnly End)> _known = [];

        public (string Code, string Type, DateOnly Start, DateOnly End) Of(Period period)
        {
            if (!_known.TryGetValue(period, out var found))
            {
                found = (period.Code, period.Type.ToString(), period.Start, period.End);
                _known[period] = found;
            }

            return found;
        }
    }

    /// <summary>
    /// Any file, on either provider: the rows go into a temporary table; one join keeps those new or different from
    /// the store; their history is written, the changed values updated by id and the new ones inserted. A file that
    /// changes nothing writes nothing.
    /// </summary>
    private static async Task<(int Created, int Updated)> MergeAsync(
        DbConnection connection, DbTransaction transaction, List<CheckedValue> rows, Stamp stamp, CancellationToken ct)
    {
        var postgres = connection is NpgsqlConnection;
        await ExecuteAsync(transaction, postgres
            ? "CREATE TEMP TABLE import_values (e integer, u integer, p varchar(8), pt varchar(8), s date, en date, v double precision, c text) ON COMMIT DROP"
            : "CREATE TEMP TABLE import_values (e INTEGER, u INTEGER, p TEXT, pt TEXT, s TEXT, en TEXT, v REAL, c TEXT)", ct);
        if (connection is NpgsqlConnection npgsql)
        {
            await CopyAsync(npgsql, rows, ct);

            // A temporary table has no statistics until analysed: without them the join below is planned blind.
            await ExecuteAsync(transaction, "ANALYZE import_values", ct);
        }
        else
        {
            await InsertAsync(transaction, rows, ct);
        }

        await ExecuteAsync(transaction, $"""
            CREATE TEMP TABLE import_changes {(postgres ? "ON COMMIT DROP" : "")} AS
            SELECT s.e, s.u, s.p, s.pt, s.s, s.en, s.v, s.c, d."Id" AS id, d."Value" AS old
            FROM import_values s LEFT JOIN "DataValues" d ON d."DataElementId" = s.e AND d."OrgUnitId" = s.u AND d."Period" = s.p
            WHERE d."Id" IS NULL OR d."Value" <> s.v OR d."Comment" IS DISTINCT FROM s.c
            """, ct);
        int created, updated;
        await using (var count = Command(transaction,
            "SELECT COALESCE(SUM(CASE WHEN id IS NULL THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN id IS NULL THEN 0 ELSE 1 END), 0) FROM import_changes"))
        await using (var reader = await count.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            created = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
            updated = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
        }

        if (created + updated > 0)
        {
            await ExecuteAsync(transaction, """
                INSERT INTO "DataValueChanges" ("DataElementId", "OrgUnitId", "Period", "OldValue", "NewValue", "Comment", "At", "By")
                SELECT e, u, p, old, v, c, @at, @by FROM import_changes
                """, ct, ("at", stamp.At), ("by", stamp.By));
        }

        if (updated > 0)
        {
            await ExecuteAsync(transaction, """
                UPDATE "DataValues" SET "Value" = x.v, "Comment" = x.c, "Approved" = @approved, "BatchId" = @batch, "UpdatedAt" = @at, "UpdatedBy" = @by
                FROM import_changes x WHERE "DataValues"."Id" = x.id
                """, ct, ("approved", stamp.Approved), ("batch", stamp.Batch), ("at", stamp.At), ("by", stamp.By));
        }

        if (created > 0)
        {
            // ON CONFLICT only for a value another writer stored meanwhile (its history row above then says "new").
            await ExecuteAsync(transaction, """
                INSERT INTO "DataValues" ("DataElementId", "OrgUnitId", "Period", "PeriodType", "StartOn", "EndOn", "Value", "Comment", "Approved", "BatchId", "CreatedAt", "CreatedBy", "UpdatedAt", "UpdatedBy")
                SELECT e, u, p, pt, s, en, v, c, @approved, @batch, @at, @by, @at, @by FROM import_changes WHERE id IS NULL
                ON CONFLICT ("DataElementId", "OrgUnitId", "Period") DO UPDATE
                SET "Value" = excluded."Value", "Comment" = excluded."Comment", "Approved" = excluded."Approved", "BatchId" = excluded."BatchId", "UpdatedAt" = excluded."UpdatedAt", "UpdatedBy" = excluded."UpdatedBy"
                """, ct, ("approved", stamp.Approved), ("batch", stamp.Batch), ("at", stamp.At), ("by", stamp.By));
        }

        if (!postgres)
        {
            await ExecuteAsync(transaction, "DROP TABLE temp.import_values", ct);
            await ExecuteAsync(transaction, "DROP TABLE temp.import_changes", ct);
        }

        return (created, updated);
    }

    private static async Task CopyAsync(NpgsqlConnection connection, List<CheckedValue> rows, CancellationToken ct)
    {
        var codes = new PeriodCodes();
        await using var copy = await connection.BeginBinaryImportAsync("COPY import_values (e, u, p, pt, s, en, v, c) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var r in rows)
        {
            WriteValue(copy, codes, r);
        }

        await copy.CompleteAsync(ct);
    }

    private static async Task InsertAsync(DbTransaction transaction, List<CheckedValue> rows, CancellationToken ct)
    {
        await using var insert = Command(transaction, "INSERT INTO import_values VALUES (@e, @u, @p, @pt, @s, @en, @v, @c)");
        var parameters = Staging.Select(n =>
        {
            var p = insert.CreateParameter();
            p.ParameterName = "@" + n;
            insert.Parameters.Add(p);
            return p;
        }).ToArray();
        await insert.PrepareAsync(ct);
        foreach (var r in rows)
        {
            parameters[0].Value = r.Element.Id;
            parameters[1].Value = r.Unit.Id;
            parameters[2].Value = r.Period.Code;
            parameters[3].Value = r.Period.Type.ToString();
            parameters[4].Value = r.Period.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            parameters[5].Value = r.Period.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            parameters[6].Value = r.Value;
            parameters[7].Value = (object?)r.Comment ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    private static DbCommand Command(DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = SqlCommands.In(transaction, sql, parameters);
        command.CommandTimeout = 600;
        return command;
    }

    private static async Task ExecuteAsync(DbTransaction transaction, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }
}
