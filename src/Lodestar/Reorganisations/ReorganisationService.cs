using System.Text.Json;
using System.Text.Json.Serialization;
using Lodestar.Audit;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Reorganisations;

/// <summary>
/// Records a change of the administrative map (issue 17) and carries what hangs on the units across it by the rules of
/// src/Lodestar/OrgUnits/README.md. A change is planned first without writing anything: the plan is the preview, and the
/// same plan is what is applied, in one transaction, all or nothing.
/// </summary>
public sealed class ReorganisationService(LodestarDbContext db)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new ApiCodeJsonConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Plans the reorganisation and, unless <paramref name="preview"/>, applies it. <paramref name="provinceId"/> null is a
    /// system administrator (any unit); otherwise only that province's agencies and villages may be touched.
    /// </summary>
    public async Task<Outcome<ReorganisationResult>> RecordAsync(ReorganisationInput input, int? provinceId, bool preview, CancellationToken ct = default)
    {
        var basis = TextFold.Clean(input.Basis ?? string.Empty);
        var problems = new List<Problem>();
        if (input.EffectiveOn is not { } effective || !Dates.IsKnownYear(effective.Year))
        {
            problems.Add(new("effectiveOn", new("Cần ngày hiệu lực hợp lệ (yyyy-MM-dd).", "A valid effective date (yyyy-MM-dd) is required.")));
        }

        if (basis.Length is < 3 or > 500 || basis.IndexOfAny(['<', '>']) >= 0)
        {
            problems.Add(new("basis", new("Căn cứ pháp lý (số, ngày văn bản) có 3–500 ký tự, không chứa < hoặc >.",
                "The legal basis (document number and date) has 3–500 characters, without < or >.")));
        }

        if (input.Changes.Count is 0 or > 500)
        {
            problems.Add(new("changes", new("Cần từ 1 đến 500 thay đổi.", "Between 1 and 500 changes are needed.")));
        }

        if (!preview && input.EffectiveOn > db.Today)
        {
            // Accounts, tasks and obligations move when it is recorded: before the day they would point at a unit not yet in force.
            problems.Add(new("effectiveOn", new($"Ghi nhận được từ ngày có hiệu lực ({input.EffectiveOn.Value.ToDisplay()}); trước đó chỉ xem trước hệ quả.",
                $"It can be recorded from its effective date ({input.EffectiveOn.Value.ToDisplay()}); until then only previewed.")));
        }

        if (problems.Count > 0)
        {
            return Outcome<ReorganisationResult>.Fail(problems);
        }

        var d = input.EffectiveOn!.Value;
        var scope = provinceId is { } p ? await new OrgUnitQueries(db).SubtreeIdsAsync(p, d.AddDays(-1), ct) : null;
        var plan = new ReorganisationPlan(db, d, scope, problems);
        for (var i = 0; i < input.Changes.Count; i++)
        {
            await plan.AddAsync(input.Changes[i], $"changes[{i}]", ct);
        }

        if (problems.Count == 0)
        {
            await plan.CarryAcrossAsync(input.Accounts, ct);
        }

        if (problems.Count > 0)
        {
            db.ChangeTracker.Clear();
            return Outcome<ReorganisationResult>.Fail(problems);
        }

        var now = db.UtcNow;
        if (preview)
        {
            db.ChangeTracker.Clear();
            return Outcome<ReorganisationResult>.Ok(new(0, string.Empty, d, basis, input.Changes, plan.Consequences, now, db.ActorName, Preview: true));
        }

        var record = new Reorganisation
        {
            EffectiveOn = d,
            Basis = basis,
            ProvinceId = provinceId,
            Changes = JsonSerializer.Serialize(input.Changes, Json),
            Consequences = JsonSerializer.Serialize(plan.Consequences, Json),
            RecordedAt = now,
            RecordedBy = db.ActorName,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Reorganisations.Add(record);
        await db.SaveChangesAsync(ct); // the plan's writes and the record, whose id the names and edges carry
        // Read before Stamp writes the new shapes over the old rows. The trail keeps a digest of each shape (BoundaryGeoJson.Digest),
        // not the shape: the new one is in OrgUnitBoundaries and the record's changes, the old one in OrgUnitPastBoundaries.
        var reshapes = plan.Reshapes.ToList();
        plan.Stamp(record.Id);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            User = db.ActorName,
            Action = "reorganise",
            Entity = nameof(Reorganisation),
            Key = record.Uid,
            After = JsonSerializer.Serialize(new { effectiveOn = d, basis, changes = input.Changes.Select(WithDigests), consequences = plan.Consequences.Count }, Json),
        });
        db.AuditEntries.AddRange(reshapes.Select(r => new AuditEntry
        {
            At = now,
            User = db.ActorName,
            Action = "reshape",
            Entity = nameof(OrgUnitBoundary),
            Key = r.Code,
            Before = JsonSerializer.Serialize(new { validTo = d.AddDays(-1), boundary = BoundaryGeoJson.Digest(r.Before) }, Json),
            After = JsonSerializer.Serialize(new { validFrom = d, boundary = BoundaryGeoJson.Digest(r.After), reorganisation = record.Uid }, Json),
        }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return Outcome<ReorganisationResult>.Ok(new(record.Id, record.Uid, d, basis, input.Changes, plan.Consequences, now, record.RecordedBy, Preview: false));
    }

    /// <summary>A change as the audit trail keeps it: each boundary it carries as its digest.</summary>
    private static ChangeInput WithDigests(ChangeInput c)
    {
        static NewUnitInput? Unit(NewUnitInput? n) => n is null ? null : n with { Boundary = BoundaryGeoJson.Digest(n.Boundary) };
        return c with
        {
            Boundary = BoundaryGeoJson.Digest(c.Boundary),
            IntoUnit = Unit(c.IntoUnit),
            NewUnit = Unit(c.NewUnit),
            Parts = c.Parts?.Select(p => Unit(p)!).ToList(),
        };
    }

    /// <summary>
    /// The changes of an uploaded sheet (<see cref="ReorganisationSheet"/>) planned and, unless <paramref name="preview"/>, recorded
    /// like <see cref="RecordAsync"/>: every problem names its sheet, row and column, and a file with one changes nothing.
    /// </summary>
    public async Task<Outcome<ReorganisationResult>> ImportAsync(
        Stream file, DateOnly? effectiveOn, string? basis, AccountsChoice accounts, int? provinceId, bool preview, CancellationToken ct = default)
    {
        var read = ReorganisationSheet.Read(file);
        if (!read.Succeeded)
        {
            return Outcome<ReorganisationResult>.Fail(read.Problems);
        }

        var sheet = read.Value!;
        var outcome = await RecordAsync(new ReorganisationInput(effectiveOn, basis, sheet.Changes, accounts), provinceId, preview, ct);
        return outcome.Succeeded ? outcome : Outcome<ReorganisationResult>.Fail([.. outcome.Problems.Select(sheet.Locate)]);
    }

    /// <summary>The reorganisations recorded, newest effective date first; a DX office sees national ones and its province's.</summary>
    public async Task<List<ReorganisationResult>> ListAsync(int? provinceId, CancellationToken ct = default)
    {
        var rows = await db.Reorganisations.AsNoTracking()
            .Where(r => provinceId == null || r.ProvinceId == null || r.ProvinceId == provinceId)
            .OrderByDescending(r => r.EffectiveOn).ThenByDescending(r => r.Id).Take(500).ToListAsync(ct);
        return rows.ConvertAll(r => new ReorganisationResult(r.Id, r.Uid, r.EffectiveOn, r.Basis,
            JsonSerializer.Deserialize<List<ChangeInput>>(r.Changes, Json) ?? [],
            JsonSerializer.Deserialize<List<Consequence>>(r.Consequences, Json) ?? [],
            r.RecordedAt, r.RecordedBy, Preview: false));
    }
}
