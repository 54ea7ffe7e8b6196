using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Lodestar.Values;

/// <summary>
/// The PostgreSQL side of the bulk import (docs/adr/0010): binary COPY, straight into the store and its history for a file
/// none of whose keys is stored, or into the merge's staging table (<see cref="BulkValueMerge"/>) for any other file.
/// </summary>
internal static class BulkValueCopy
{
    /// <summary>
    /// The foreign keys of the value store, checked once per element and unit of the file instead of once per row: the
    /// rows they point at are locked as the per-row checks would lock them (FOR KEY SHARE, so none can be deleted or
    /// renumbered before the commit), then, when the database lets this role, the per-row checks are switched off for
    /// this transaction (session_replication_role: a superuser, or GRANT SET ON PARAMETER). Otherwise they run as usual.
    /// </summary>
    public static async Task<bool> CheckReferencesOnceAsync(NpgsqlConnection connection, DbTransaction transaction, List<CheckedValue> rows, CancellationToken ct)
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
            await BulkValueImport.ExecuteAsync(transaction, "SET LOCAL session_replication_role = replica", ct);
        }

        return mayTurnOff;
    }

    /// <summary>Whether any of (a sample of at most <see cref="BulkValueImport.SampledKeys"/> of) the file's keys is already stored: one indexed probe per key.</summary>
    public static async Task<bool> AnyExistsAsync(NpgsqlConnection connection, DbTransaction transaction, List<CheckedValue> rows, int sample, CancellationToken ct)
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

    public static async Task NewValuesAsync(NpgsqlConnection connection, List<CheckedValue> rows, BulkStamp stamp, CancellationToken ct)
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

    public static async Task StagingAsync(NpgsqlConnection connection, List<CheckedValue> rows, CancellationToken ct)
    {
        var codes = new PeriodCodes();
        await using var copy = await connection.BeginBinaryImportAsync("COPY import_values (e, u, p, pt, s, en, v, c) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var r in rows)
        {
            WriteValue(copy, codes, r);
        }

        await copy.CompleteAsync(ct);
    }
}
