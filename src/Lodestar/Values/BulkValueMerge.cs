using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace Lodestar.Values;

/// <summary>
/// The bulk import's write for any file on either provider (docs/adr/0010): stage the rows, keep those new or changed, write
/// their history, update and insert.
/// </summary>
internal static class BulkValueMerge
{
    private static readonly string[] Staging = ["e", "u", "p", "pt", "s", "en", "v", "c"];

    /// <summary>
    /// Any file, on either provider: the rows go into a temporary table; one join keeps those new or different from
    /// the store; their history is written, the changed values updated by id and the new ones inserted. A file that
    /// changes nothing writes nothing.
    /// </summary>
    public static async Task<(int Created, int Updated)> MergeAsync(
        DbConnection connection, DbTransaction transaction, List<CheckedValue> rows, BulkStamp stamp, CancellationToken ct)
    {
        var postgres = connection is NpgsqlConnection;
        await BulkValueImport.ExecuteAsync(transaction, postgres
            ? "CREATE TEMP TABLE import_values (e integer, u integer, p varchar(8), pt varchar(8), s date, en date, v double precision, c text) ON COMMIT DROP"
            : "CREATE TEMP TABLE import_values (e INTEGER, u INTEGER, p TEXT, pt TEXT, s TEXT, en TEXT, v REAL, c TEXT)", ct);
        if (connection is NpgsqlConnection npgsql)
        {
            await BulkValueCopy.StagingAsync(npgsql, rows, ct);

            // A temporary table has no statistics until analysed: without them the join below is planned blind.
            await BulkValueImport.ExecuteAsync(transaction, "ANALYZE import_values", ct);
        }
        else
        {
            await InsertAsync(transaction, rows, ct);
        }

        await BulkValueImport.ExecuteAsync(transaction, $"""
            CREATE TEMP TABLE import_changes {(postgres ? "ON COMMIT DROP" : "")} AS
            SELECT s.e, s.u, s.p, s.pt, s.s, s.en, s.v, s.c, d."Id" AS id, d."Value" AS old
            FROM import_values s LEFT JOIN "DataValues" d ON d."DataElementId" = s.e AND d."OrgUnitId" = s.u AND d."Period" = s.p
            WHERE d."Id" IS NULL OR d."Value" <> s.v OR d."Comment" IS DISTINCT FROM s.c
            """, ct);
        int created, updated;
        await using (var count = BulkValueImport.Command(transaction,
            "SELECT COALESCE(SUM(CASE WHEN id IS NULL THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN id IS NULL THEN 0 ELSE 1 END), 0) FROM import_changes"))
        await using (var reader = await count.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            created = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
            updated = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
        }

        if (created + updated > 0)
        {
            await BulkValueImport.ExecuteAsync(transaction, """
                INSERT INTO "DataValueChanges" ("DataElementId", "OrgUnitId", "Period", "OldValue", "NewValue", "Comment", "At", "By")
                SELECT e, u, p, old, v, c, @at, @by FROM import_changes
                """, ct, ("at", stamp.At), ("by", stamp.By));
        }

        if (updated > 0)
        {
            await BulkValueImport.ExecuteAsync(transaction, """
                UPDATE "DataValues" SET "Value" = x.v, "Comment" = x.c, "Approved" = @approved, "BatchId" = @batch, "UpdatedAt" = @at, "UpdatedBy" = @by
                FROM import_changes x WHERE "DataValues"."Id" = x.id
                """, ct, ("approved", stamp.Approved), ("batch", stamp.Batch), ("at", stamp.At), ("by", stamp.By));
        }

        if (created > 0)
        {
            // ON CONFLICT only for a value another writer stored meanwhile (its history row above then says "new").
            await BulkValueImport.ExecuteAsync(transaction, """
                INSERT INTO "DataValues" ("DataElementId", "OrgUnitId", "Period", "PeriodType", "StartOn", "EndOn", "Value", "Comment", "Approved", "BatchId", "CreatedAt", "CreatedBy", "UpdatedAt", "UpdatedBy")
                SELECT e, u, p, pt, s, en, v, c, @approved, @batch, @at, @by, @at, @by FROM import_changes WHERE id IS NULL
                ON CONFLICT ("DataElementId", "OrgUnitId", "Period") DO UPDATE
                SET "Value" = excluded."Value", "Comment" = excluded."Comment", "Approved" = excluded."Approved", "BatchId" = excluded."BatchId", "UpdatedAt" = excluded."UpdatedAt", "UpdatedBy" = excluded."UpdatedBy"
                """, ct, ("approved", stamp.Approved), ("batch", stamp.Batch), ("at", stamp.At), ("by", stamp.By));
        }

        if (!postgres)
        {
            await BulkValueImport.ExecuteAsync(transaction, "DROP TABLE temp.import_values", ct);
            await BulkValueImport.ExecuteAsync(transaction, "DROP TABLE temp.import_changes", ct);
        }

        return (created, updated);
    }

    private static async Task InsertAsync(DbTransaction transaction, List<CheckedValue> rows, CancellationToken ct)
    {
        await using var insert = BulkValueImport.Command(transaction, "INSERT INTO import_values VALUES (@e, @u, @p, @pt, @s, @en, @v, @c)");
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
}
