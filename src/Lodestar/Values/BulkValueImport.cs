using System.Diagnostics;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;

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
/// This file reads and checks the rows; BulkValueImport.Refusals.cs refuses a whole file (scope, reports, approved values),
/// BulkValueImport.Write.cs writes it.
/// </summary>
public sealed partial class BulkValueImport(LodestarDbContext db, OrgUnitQueries units)
{
    /// <summary>At most this many problems are listed (the count says how many more).</summary>
    public const int MaxProblems = 200;

    /// <summary>The columns a file may have; the first four are required.</summary>
    private static readonly string[] Known = ["dataElement", "orgUnit", "period", "value", "comment"];

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
}
