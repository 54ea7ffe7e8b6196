using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Progress;
using Microsoft.EntityFrameworkCore;
using static Lodestar.Programmes.ProgrammeService;

namespace Lodestar.Programmes;

/// <summary>
/// One change as typed. <see cref="Pillar"/> names a pillar by its current name (the one renamed, or a new target's);
/// <see cref="Target"/> is the code of the target whose path changes or that retires; <see cref="Name"/> and
/// <see cref="NameEn"/> a pillar's new names; <see cref="Milestones"/> a new path as on the target form ("2027: 70; 2030: 95").
/// </summary>
public sealed record RevisionChangeInput(
    RevisionKind Kind, string? Pillar = null, string? Target = null, string? Name = null, string? NameEn = null, string? Milestones = null,
    TargetInput? NewTarget = null);

public sealed record RevisionInput(string? DecisionNumber, DateOnly? DecidedOn, string? Note, IReadOnlyList<RevisionChangeInput>? Changes);

/// <summary>
/// Records a revision of a programme: all its changes or none, each problem named by field ("changes[2].milestones") in both
/// languages. Whether the caller may revise the programme (its province's DX office, administrators) is the caller's check,
/// as for every change of a programme. The rules are in README.md.
/// </summary>
public sealed class RevisionService(LodestarDbContext db, ProgrammeService programmes, TimeProvider clock)
{
    private sealed record Earlier(int TargetId, RevisionKind Kind, List<Milestone> Milestones);

    public async Task<Outcome<ProgrammeRevision>> ReviseAsync(string programmeCode, RevisionInput input, CancellationToken ct = default)
    {
        var (outcome, _) = await PrepareAsync(programmeCode, input, ct);
        if (outcome.Value is { } revision)
        {
            db.ProgrammeRevisions.Add(revision);
            await db.SaveChangesAsync(ct);
        }

        return outcome;
    }

    /// <summary>
    /// What <see cref="ReviseAsync"/> would record, checked the same way, and nothing stored: the changes as the revision's
    /// list would show them (id 0, recorded now by the caller).
    /// </summary>
    public async Task<Outcome<RevisionItem>> PreviewAsync(string programmeCode, RevisionInput input, CancellationToken ct = default)
    {
        var (outcome, targets) = await PrepareAsync(programmeCode, input, ct);
        // The renamed pillars and new targets were changed on tracked entities: forget them, so no later save stores them.
        db.ChangeTracker.Clear();
        if (outcome.Value is not { } r)
        {
            return Outcome<RevisionItem>.Fail(outcome.Problems);
        }

        var byId = targets.Values.ToDictionary(t => t.Id);
        return Outcome<RevisionItem>.Ok(new RevisionItem(0, r.DecisionNumber, r.DecidedOn, r.Note, clock.GetUtcNow().UtcDateTime, db.ActorName,
            [.. r.Changes.Select(c => (c, Target: c.Target ?? (c.TargetId is { } id ? byId[id] : null)))
                .Select(x => new RevisionChangeItem(x.c.Kind, x.c.OldName, x.c.NewName, x.c.NewNameEn, x.Target?.Code, x.Target?.Name,
                    [.. x.c.Milestones.OrderBy(m => m.Year).Select(m => new Milestone(m.Year, m.Value))]))]));
    }

    // The revision checked and built, its renames applied to the tracked pillars, not yet added; and the programme's targets by code.
    private async Task<(Outcome<ProgrammeRevision> Outcome, Dictionary<string, Target> Targets)> PrepareAsync(string programmeCode, RevisionInput input, CancellationToken ct)
    {
        var programme = await db.Programmes.Include(x => x.Pillars).SingleOrDefaultAsync(x => x.Code == programmeCode, ct);
        if (programme is null)
        {
            return (Outcome<ProgrammeRevision>.Fail("programme", "Không tìm thấy chương trình.", "Programme not found."), []);
        }

        var p = new List<Problem>();
        var number = Text(input.DecisionNumber, "decisionNumber", 100, required: true, p);
        var note = Text(input.Note, "note", 2000, required: false, p);
        var decisions = await db.ProgrammeRevisions.AsNoTracking().Where(r => r.ProgrammeId == programme.Id)
            .OrderBy(r => r.DecidedOn).ThenBy(r => r.Id).Select(r => new { r.DecisionNumber, r.DecidedOn }).ToListAsync(ct);
        if (decisions.Any(d => d.DecisionNumber == number))
        {
            p.Add(Bad("decisionNumber", $"Quyết định {number} đã được ghi nhận cho chương trình này.", $"Decision {number} is already recorded for this programme."));
        }

        var today = Dates.Today(clock);
        var latest = decisions.Count > 0 ? decisions[^1] : null;
        if (input.DecidedOn is not { } decidedOn)
        {
            p.Add(Bad("decidedOn", "Cần ngày của quyết định.", "The decision's date is needed."));
        }
        else if (decidedOn > today)
        {
            p.Add(Bad("decidedOn", $"Ngày quyết định không được sau hôm nay ({today.ToDisplay()}).", $"The decision's date may not be after today ({today.ToDisplay()})."));
        }
        else if (programme.IssuedOn is { } issued && decidedOn < issued)
        {
            p.Add(Bad("decidedOn", $"Ngày quyết định không được trước ngày ban hành chương trình ({issued.ToDisplay()}).",
                $"The decision's date may not be before the programme was issued ({issued.ToDisplay()})."));
        }
        else if (latest is not null && decidedOn < latest.DecidedOn)
        {
            p.Add(Bad("decidedOn", $"Ngày quyết định không được trước lần điều chỉnh gần nhất ({latest.DecisionNumber}, {latest.DecidedOn.ToDisplay()}).",
                $"The decision's date may not be before the latest revision ({latest.DecisionNumber}, {latest.DecidedOn.ToDisplay()})."));
        }

        var changes = input.Changes ?? [];
        if (changes.Count == 0)
        {
            p.Add(Bad("changes", "Cần ít nhất một thay đổi.", "At least one change is needed."));
        }

        var targets = await db.Targets.AsNoTracking().Include(t => t.Milestones).Where(t => t.ProgrammeId == programme.Id).ToDictionaryAsync(t => t.Code, ct);
        var earlier = await db.RevisionChanges.AsNoTracking().Where(c => c.Revision.ProgrammeId == programme.Id && c.TargetId != null)
            .OrderBy(c => c.Revision.DecidedOn).ThenBy(c => c.RevisionId)
            .Select(c => new Earlier(c.TargetId!.Value, c.Kind, c.Milestones.OrderBy(m => m.Year).Select(m => new Milestone(m.Year, m.Value)).ToList()))
            .ToListAsync(ct);
        var revision = new ProgrammeRevision
        {
            ProgrammeId = programme.Id, DecisionNumber = number, DecidedOn = input.DecidedOn ?? today, Note = note.Length > 0 ? note : null,
        };
        var touched = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < changes.Count; i++)
        {
            var found = new List<Problem>();
            var change = changes[i] switch
            {
                { Kind: RevisionKind.RenamePillar } c => RenamePillar(programme, c, touched, found),
                { Kind: RevisionKind.ChangePath } c => ChangePath(targets, earlier, c, touched, found),
                { Kind: RevisionKind.RetireTarget } c => Retire(targets, earlier, c, touched, found),
                { Kind: RevisionKind.AddTarget } c => await AddAsync(programme, c, touched, found, ct),
                _ => throw new ArgumentOutOfRangeException(nameof(input)),
            };
            p.AddRange(found.Select(x => x with { Field = $"changes[{i}].{x.Field}" }));
            if (change is not null)
            {
                revision.Changes.Add(change);
            }
        }

        if (p.Count > 0)
        {
            return (Outcome<ProgrammeRevision>.Fail(p), targets);
        }

        // Only now, all changes being valid: the pillars carry their current names (the changes keep the earlier ones) and new targets go last.
        foreach (var rename in revision.Changes.Where(c => c.Kind == RevisionKind.RenamePillar))
        {
            var pillar = programme.Pillars.Single(x => x.Id == rename.PillarId);
            (pillar.Name, pillar.NameEn) = (rename.NewName!, rename.NewNameEn);
        }

        var order = targets.Count;
        foreach (var target in revision.Changes.Select(c => c.Target).OfType<Target>())
        {
            target.SortOrder = order++;
        }

        return (Outcome<ProgrammeRevision>.Ok(revision), targets);
    }

    private static RevisionChange? RenamePillar(Programme programme, RevisionChangeInput c, HashSet<string> touched, List<Problem> p)
    {
        var current = TextFold.Clean(c.Pillar);
        var pillar = programme.Pillars.FirstOrDefault(x => x.Name == current);
        var name = Text(c.Name, "name", 200, required: true, p);
        var nameEn = Text(c.NameEn, "nameEn", 200, required: false, p);
        if (pillar is null)
        {
            p.Add(Bad("pillar", $"Chương trình không có trụ cột '{current}'.", $"The programme has no pillar '{current}'."));
            return null;
        }

        if (!touched.Add($"pillar:{pillar.Id}"))
        {
            p.Add(Bad("pillar", $"Trụ cột '{current}' được đổi tên hai lần trong quyết định này.", $"Pillar '{current}' is renamed twice in this decision."));
        }

        if (name == pillar.Name && (nameEn.Length > 0 ? nameEn : null) == pillar.NameEn)
        {
            p.Add(Bad("name", $"Tên mới của trụ cột '{current}' giống tên hiện tại.", $"The new name of pillar '{current}' is its current name."));
        }
        else if (name != pillar.Name && programme.Pillars.Any(x => x.Name == name))
        {
            p.Add(Bad("name", $"Chương trình đã có trụ cột '{name}'.", $"The programme already has a pillar '{name}'."));
        }

        if (p.Count > 0)
        {
            return null;
        }

        // An English name not given is cleared, never left stale.
        return new RevisionChange
        {
            Kind = RevisionKind.RenamePillar, PillarId = pillar.Id, OldName = pillar.Name, NewName = name, OldNameEn = pillar.NameEn,
            NewNameEn = nameEn.Length > 0 ? nameEn : null,
        };
    }

    private static RevisionChange? ChangePath(
        Dictionary<string, Target> targets, List<Earlier> earlier, RevisionChangeInput c, HashSet<string> touched, List<Problem> p)
    {
        var target = Followed(targets, earlier, c.Target, touched, p);
        var milestones = ParseMilestones(c.Milestones, p);
        if (target is null || p.Count > 0)
        {
            return null;
        }

        CheckAfterBaseline(milestones, target.BaselineYear, "milestones", p);
        var inForce = earlier.LastOrDefault(e => e.TargetId == target.Id && e.Kind == RevisionKind.ChangePath)?.Milestones
            ?? [.. target.Milestones.OrderBy(m => m.Year).Select(m => new Milestone(m.Year, m.Value))];
        if (inForce.SequenceEqual(milestones))
        {
            p.Add(Bad("milestones", $"Lộ trình mới của chỉ tiêu {target.Code} giống lộ trình đang áp dụng.", $"The new path of target {target.Code} is the one in force."));
        }

        return p.Count > 0 ? null : new RevisionChange
        {
            Kind = RevisionKind.ChangePath, TargetId = target.Id,
            Milestones = [.. milestones.Select(m => new RevisionMilestone { Year = m.Year, Value = m.Value })],
        };
    }

    private static RevisionChange? Retire(
        Dictionary<string, Target> targets, List<Earlier> earlier, RevisionChangeInput c, HashSet<string> touched, List<Problem> p) =>
        Followed(targets, earlier, c.Target, touched, p) is { } target ? new RevisionChange { Kind = RevisionKind.RetireTarget, TargetId = target.Id } : null;

    private async Task<RevisionChange?> AddAsync(Programme programme, RevisionChangeInput c, HashSet<string> touched, List<Problem> p, CancellationToken ct)
    {
        if (c.NewTarget is not { } input)
        {
            p.Add(Bad("target", "Thiếu chỉ tiêu mới.", "The new target is missing."));
            return null;
        }

        int? pillarId = null;
        if (TextFold.Clean(c.Pillar) is { Length: > 0 } pillarName)
        {
            pillarId = programme.Pillars.FirstOrDefault(x => x.Name == pillarName)?.Id;
            if (pillarId is null)
            {
                p.Add(Bad("pillar", $"Chương trình không có trụ cột '{pillarName}'.", $"The programme has no pillar '{pillarName}'."));
            }
        }

        var code = TextFold.Clean(input.Code);
        if (code.Length > 0 && !touched.Add($"target:{code}"))
        {
            p.Add(Bad("code", $"Chỉ tiêu {code} được thêm hai lần trong quyết định này.", $"Target {code} is added twice in this decision."));
        }

        var target = await programmes.NewTargetAsync(programme, input with { PillarId = pillarId }, p, ct);
        return target is null || p.Count > 0 ? null : new RevisionChange { Kind = RevisionKind.AddTarget, Target = target };
    }

    // A target of the programme that is still followed and not changed twice by one decision.
    private static Target? Followed(Dictionary<string, Target> targets, List<Earlier> earlier, string? code, HashSet<string> touched, List<Problem> p)
    {
        var clean = TextFold.Clean(code);
        if (!targets.TryGetValue(clean, out var target))
        {
            p.Add(Bad("target", $"Chương trình không có chỉ tiêu mã '{clean}'.", $"The programme has no target with code '{clean}'."));
            return null;
        }

        if (earlier.Any(e => e.TargetId == target.Id && e.Kind == RevisionKind.RetireTarget))
        {
            p.Add(Bad("target", $"Chỉ tiêu {clean} đã thôi theo dõi.", $"Target {clean} is already retired."));
            return null;
        }

        if (!touched.Add($"target:{clean}"))
        {
            p.Add(Bad("target", $"Chỉ tiêu {clean} có hai thay đổi trong quyết định này.", $"Target {clean} has two changes in this decision."));
            return null;
        }

        return target;
    }
}
