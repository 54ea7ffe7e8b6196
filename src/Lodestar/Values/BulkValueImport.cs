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

/// <summary>What a bulk import did, and how long checking and saving took.</summary>
public sealed record BulkImportResult(int Rows, int Created, int Updated, int Unchanged, TimeSpan Checking, TimeSpan Saving);

/// <summary>
/// Imports a CSV file of values (columns dataElement, orgUnit, period, value and optionally comment, in any order) for
/// operators: national systems' exports, history, the synthetic national dataset. Every row passes the same checks as
/// the API's batches (<see cref="ValueRowChecker"/>); any bad row refuses the whole file, naming line and field. The
/// rows are then written in one transaction: copied into a temporary table (PostgreSQL's binary COPY, or one prepared
/// insert on SQLite), the change history written for every new or changed value, then merged into the store with
/// one INSERT … ON CONFLICT. A crash before the commit leaves nothing behind, and a second run changes nothing.
/// </summary>
public sealed class BulkValueImport(LodestarDbContext db, OrgUnitQueries units)
{
    /// <summary>At most this many problems are listed (the count says how many more).</summary>
    public const int MaxProblems = 200;

    /// <summary>The columns a file may have; the first four are required.</summary>
    private static readonly string[] Known = ["dataElement", "orgUnit", "period", "value", "comment"];

    private static readonly string[] Staging = ["e", "u", "p", "pt", "s", "en", "v", "c"];

    /// <summary>Checks then stores the file; <paramref name="checkedAll"/> hears the number of rows once all passed, before the save starts.</summary>
    public async Task<Outcome<BulkImportResult>> ImportCsvAsync(TextReader csv, bool approved = true, Action<int>? checkedAll = null, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        var elements = await db.DataElements.AsNoTracking().ToDictionaryAsync(e => e.Code, ct);
        var checker = new ValueRowChecker(elements, await units.CodeIndexAsync(null, ct));
        var rows = new List<CheckedValue>();
        var problems = new List<Problem>();
        var more = 0;
        int[]? columns = null;
        var width = 0;
        try
        {
            await foreach (var (line, fields) in CsvRows.ReadAsync(csv, ct))
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

                if (fields.Length > width)
                {
                    // "1.234,5" unquoted is two fields: reading 1.234 and dropping the rest would store a wrong number.
                    var extra = new Problem($"line{line}", new Msg(
                        $"Dòng {line}: có {fields.Length} cột, tiêu đề có {width}; số thập phân dùng dấu chấm (1234.5), giá trị có dấu phẩy phải đặt trong ngoặc kép.",
                        $"Line {line}: {fields.Length} columns, the header has {width}; decimals use a point (1234.5), and a value with a comma must be in double quotes."));
                    if (problems.Count < MaxProblems)
                    {
                        problems.Add(extra);
                    }
                    else
                    {
                        more++;
                    }

                    continue;
                }

                string? Field(int k) => columns[k] >= 0 && columns[k] < fields.Length ? fields[columns[k]] : null;
                var rowProblems = new List<Problem>();
                var value = checker.Check(new DataValueInput(Field(0), Field(1), Field(2), Field(3), Field(4)), line, f => $"line{line}.{f}", rowProblems, out _);
                if (value is not null)
                {
                    rows.Add(value);
                }
                else if (problems.Count + rowProblems.Count <= MaxProblems)
                {
                    problems.AddRange(rowProblems);
                }
                else
                {
                    more += rowProblems.Count;
                }
            }
        }
        catch (CsvFormatException e)
        {
            problems.Add(new Problem($"line{e.Line}", e.Problem));
            return Outcome<BulkImportResult>.Fail(problems);
        }

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

        var checking = Stopwatch.GetElapsedTime(started);
        checkedAll?.Invoke(rows.Count);
        started = Stopwatch.GetTimestamp();
        var (created, updated) = await WriteAsync(rows, approved, ct);
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

    private async Task<(int Created, int Updated)> WriteAsync(List<CheckedValue> rows, bool approved, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var connection = db.Database.GetDbConnection();
            var transaction = tx.GetDbTransaction();
            var postgres = connection is NpgsqlConnection;
            await ExecuteAsync(connection, transaction, postgres
                ? "CREATE TEMP TABLE import_values (e integer, u integer, p varchar(8), pt varchar(8), s date, en date, v double precision, c text) ON COMMIT DROP"
                : "CREATE TEMP TABLE import_values (e INTEGER, u INTEGER, p TEXT, pt TEXT, s TEXT, en TEXT, v REAL, c TEXT)", ct);
            if (connection is NpgsqlConnection npgsql)
            {
                await CopyAsync(npgsql, rows, ct);

                // A temporary table has no statistics until analysed: without them the three joins below are planned blind.
                await ExecuteAsync(connection, transaction, "ANALYZE import_values", ct);
            }
            else
            {
                await InsertAsync(connection, transaction, rows, ct);
            }

            const string Joined = """
                FROM import_values s LEFT JOIN "DataValues" d ON d."DataElementId" = s.e AND d."OrgUnitId" = s.u AND d."Period" = s.p
                """;
            const string Changed = """(d."Value" <> s.v OR d."Comment" IS DISTINCT FROM s.c)""";
            int created = 0, updated = 0;
            await using (var count = Command(connection, transaction,
                $"""SELECT COALESCE(SUM(CASE WHEN d."Id" IS NULL THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN d."Id" IS NOT NULL AND {Changed} THEN 1 ELSE 0 END), 0) {Joined}"""))
            await using (var reader = await count.ExecuteReaderAsync(ct))
            {
                await reader.ReadAsync(ct);
                created = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
                updated = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
            }

            var now = db.UtcNow;
            var by = db.ActorName;
            await ExecuteAsync(connection, transaction, $"""
                INSERT INTO "DataValueChanges" ("DataElementId", "OrgUnitId", "Period", "OldValue", "NewValue", "Comment", "At", "By")
                SELECT s.e, s.u, s.p, d."Value", s.v, s.c, @at, @by {Joined}
                WHERE d."Id" IS NULL OR {Changed}
                """, ct, ("at", now), ("by", by));
            await ExecuteAsync(connection, transaction, """
                INSERT INTO "DataValues" ("DataElementId", "OrgUnitId", "Period", "PeriodType", "StartOn", "EndOn", "Value", "Comment", "Approved", "CreatedAt", "CreatedBy", "UpdatedAt", "UpdatedBy")
                SELECT s.e, s.u, s.p, s.pt, s.s, s.en, s.v, s.c, @approved, @at, @by, @at, @by FROM import_values s WHERE true
                ON CONFLICT ("DataElementId", "OrgUnitId", "Period") DO UPDATE
                SET "Value" = excluded."Value", "Comment" = excluded."Comment", "Approved" = excluded."Approved", "UpdatedAt" = excluded."UpdatedAt", "UpdatedBy" = excluded."UpdatedBy"
                WHERE "DataValues"."Value" <> excluded."Value" OR "DataValues"."Comment" IS DISTINCT FROM excluded."Comment"
                """, ct, ("approved", approved), ("at", now), ("by", by));
            if (!postgres)
            {
                await ExecuteAsync(connection, transaction, "DROP TABLE temp.import_values", ct);
            }

            await tx.CommitAsync(ct);
            LocalChanges.Changed();
            return (created, updated);
        });
    }

    private static async Task CopyAsync(NpgsqlConnection connection, List<CheckedValue> rows, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync("COPY import_values (e, u, p, pt, s, en, v, c) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var r in rows)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(r.Element.Id, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(r.Unit.Id, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(r.Period.Code, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(r.Period.Type.ToString(), NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(r.Period.Start, NpgsqlDbType.Date, ct);
            await copy.WriteAsync(r.Period.End, NpgsqlDbType.Date, ct);
            await copy.WriteAsync(r.Value, NpgsqlDbType.Double, ct);
            if (r.Comment is null)
            {
                await copy.WriteNullAsync(ct);
            }
            else
            {
                await copy.WriteAsync(r.Comment, NpgsqlDbType.Text, ct);
            }
        }

        await copy.CompleteAsync(ct);
    }

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, List<CheckedValue> rows, CancellationToken ct)
    {
        await using var insert = Command(connection, transaction, "INSERT INTO import_values VALUES (@e, @u, @p, @pt, @s, @en, @v, @c)");
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

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 600;
        return command;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql);
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value;
            command.Parameters.Add(p);
        }

        await command.ExecuteNonQueryAsync(ct);
    }
}
