using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Dti;
using Lodestar.OrgUnits;
using Lodestar.Progress;
using Lodestar.Reporting;
using Lodestar.Tasks;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Scorecards;

public sealed record TargetLine(string Code, string Name, ProgressStatus Status, double? Actual, double? Expected, string Unit);

public sealed record TaskLine(string Uid, string Title, DateOnly Deadline, DateOnly? CompletedOn, TaskState State);

public sealed record ReportLine(string FormCode, string FormName, string Period, DateOnly DueOn, DateOnly? SubmittedOn, bool OnTime);

public sealed record DtiLine(string Framework, double Normalised, int Rank, int Of, double? NormalisedBefore, int? RankBefore, bool Provisional)
{
    /// <summary>Places gained since last year (positive = better), null without last year's rank.</summary>
    public int? RankChange => RankBefore is { } b ? b - Rank : null;
}

public sealed record NoteView(string Text, string By, DateTime At);

/// <summary>
/// One head's scorecard for his part of a year: the counts behind each part (with the items, for drill-down), the
/// composition and the explanation he added.
/// </summary>
public sealed record Scorecard(
    string UnitCode, string UnitName, OrgUnitLevel Level, int Year, string Person, string PersonUid, string Position,
    DateOnly From, DateOnly To, DateOnly TermFrom, DateOnly? TermTo,
    IReadOnlyList<TargetLine> Targets, IReadOnlyList<TaskLine> Tasks, int TasksOpen, IReadOnlyList<ReportLine> Reports,
    double? Quality, DtiLine? Dti, PartInput Input, Composition Composition, NoteView? Note);

/// <summary>
/// Builds scorecards of heads from the other features' figures (README.md): targets (ProgressService), tasks attributed
/// to whoever held the post on the deadline (the task register's rule), reports due in the holder's part of the year and
/// the unit's data-quality score (reporting), the unit's DTI result of the year (DtiQueries).
/// </summary>
public sealed class ScorecardService(LodestarDbContext db, ProgressService progress, ReportingService reporting, ReportQueries reports,
    DtiQueries dti, ScorecardRules rules, FigureCache? figures = null)
{
    public ScorecardRules Rules => rules;

    /// <summary>The scorecards of a unit's heads in a year: one per holder of the head position during the year, each over his part of it.</summary>
    public async Task<List<Scorecard>> ForUnitAsync(OrgUnit unit, int year, DateOnly today, CancellationToken ct = default) =>
        [.. (await ForUnitsAsync([unit], year, today, ct)).Select(c => c.Card)];

    /// <summary>
    /// The comparison table: the scorecards of every head of units of a level (agency, commune, province) that have a head
    /// position, within <paramref name="within"/> (the reader's scope; null = all). The whole country's table is kept until
    /// a write changes any figure it is built from (<see cref="FigureCache"/>); each reader gets his part of it.
    /// </summary>
    public async Task<List<Scorecard>> ListAsync(OrgUnitLevel level, int year, DateOnly today, IReadOnlySet<int>? within, CancellationToken ct = default)
    {
        var all = figures is null
            ? await TableAsync(level, year, today, ct)
            : await figures.GetAsync((nameof(ListAsync), level, year, today), ChangeKinds.All, () => TableAsync(level, year, today, ct), ct);
        return [.. all.Where(c => within is null || within.Contains(c.UnitId)).Select(c => c.Card)];
    }

    private async Task<List<(int UnitId, Scorecard Card)>> TableAsync(OrgUnitLevel level, int year, DateOnly today, CancellationToken ct)
    {
        var on = new DateOnly(year, 12, 31) < today ? new DateOnly(year, 12, 31) : today;
        var units = await db.OrgUnits.AsNoTracking().ValidOn(on)
            .Where(u => u.Level == level && db.Positions.Any(p => p.OrgUnitId == u.Id && p.IsHead))
            .OrderBy(u => u.Code).ToListAsync(ct);
        return await ForUnitsAsync(units, year, today, ct);
    }

    /// <summary>
    /// The scorecards of the heads of <paramref name="units"/>, in their order: each figure is read for all units at once
    /// (a query per part, not per unit), then each head's card is cut from them.
    /// </summary>
    private async Task<List<(int UnitId, Scorecard Card)>> ForUnitsAsync(IReadOnlyList<OrgUnit> units, int year, DateOnly today, CancellationToken ct)
    {
        var yearStart = new DateOnly(year, 1, 1);
        var yearEnd = new DateOnly(year, 12, 31);
        var ids = units.Select(u => u.Id).ToList();
        var terms = (await db.PositionTerms.AsNoTracking()
            .Where(t => ids.Contains(t.Position.OrgUnitId) && t.Position.IsHead && t.StartOn <= yearEnd && (t.EndOn == null || t.EndOn >= yearStart))
            .OrderBy(t => t.StartOn).ThenBy(t => t.Id)
            .Select(t => new { t.Position.OrgUnitId, t.PositionId, t.Position.Title, t.PersonId, Person = t.Person.FullName, PersonUid = t.Person.Uid, t.StartOn, t.EndOn })
            .ToListAsync(ct)).ToLookup(t => t.OrgUnitId);
        ids = ids.Where(id => terms[id].Any()).ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        // Year-level results: judged once for the year and shown on every holder's card.
        var targets = await progress.CarriedAtUnitsAsync(ids, yearEnd, Period.OfYear(year), ct);
        var dti = await DtiAsync(ids, year, ct);
        var quality = (await reports.QualityAsync(ids, today, ct)).ToLookup(q => q.UnitId);
        var due = (await reporting.DueAsync(ids, today, ct)).Where(d => d.DueOn < today).ToLookup(d => d.UnitId);
        var taskRows = (await db.Tasks.AsNoTracking()
            .Where(t => ids.Contains(t.OwnerUnitId) && t.Deadline >= yearStart && t.Deadline <= yearEnd && t.CancelledOn == null)
            .OrderBy(t => t.Deadline).ThenBy(t => t.Id)
            .Select(t => new { t.OwnerUnitId, t.AccountablePositionId, t.Uid, t.Title, t.Deadline, t.ExtendedTo, t.HasProgress, t.CompletedOn, t.CancelledOn })
            .ToListAsync(ct)).ToLookup(t => t.OwnerUnitId);
        var notes = (await db.ScorecardNotes.AsNoTracking().Where(n => ids.Contains(n.OrgUnitId) && n.Year == year).ToListAsync(ct))
            .ToDictionary(n => (n.OrgUnitId, n.PersonId));

        // The name the unit had at the year's end (today for the current year): a scorecard of a year before a rename shows the old one.
        var nameOn = yearEnd < today ? yearEnd : today;
        var pastNames = await db.OrgUnitNames.PastNamesAsync(ids, ct);
        var result = new List<(int, Scorecard)>();
        foreach (var unit in units.Where(u => terms[u.Id].Any()))
        {
            var unitTerms = terms[unit.Id].ToList();
            var headPositionId = unitTerms[0].PositionId;
            var targetLines = targets[unit.Id].Where(t => t.Result.Status != ProgressStatus.NoData)
                .Select(t => new TargetLine(t.Target.Code, t.Target.Name, t.Result.Status, t.Result.Actual, t.Result.Expected, t.Target.Unit))
                .ToList();
            var dtiLine = dti.GetValueOrDefault(unit.Id);
            var unitQuality = quality[unit.Id].FirstOrDefault()?.Score.Score;
            var unitTasks = taskRows[unit.Id].Where(t => t.AccountablePositionId == null || t.AccountablePositionId == headPositionId).ToList();
            foreach (var term in unitTerms)
            {
                var from = term.StartOn > yearStart ? term.StartOn : yearStart;
                var to = term.EndOn is { } end && end < yearEnd ? end : yearEnd;

                // A task counts against whoever held the post on its ORIGINAL deadline (Tasks/README.md).
                var tasks = unitTasks.Where(t => t.Deadline >= from && t.Deadline <= to)
                    .Select(t => new TaskLine(t.Uid, t.Title, t.Deadline, t.CompletedOn,
                        TaskStates.Compute(new TaskFacts(t.Deadline, t.ExtendedTo, t.HasProgress, t.CompletedOn, t.CancelledOn), today)))
                    .ToList();
                var reportLines = due[unit.Id].Where(d => d.DueOn >= from && d.DueOn <= to)
                    .Select(d => new ReportLine(d.FormCode, d.FormName, d.Period.Code, d.DueOn, d.FirstSubmittedOn, d.FirstSubmittedOn is { } s && s <= d.DueOn))
                    .ToList();
                int Count(ProgressStatus status) => targetLines.Count(t => t.Status == status);
                int Tasks(TaskState s) => tasks.Count(t => t.State == s);
                var input = new PartInput(
                    Count(ProgressStatus.Achieved), Count(ProgressStatus.OnTrack), Count(ProgressStatus.AtRisk), Count(ProgressStatus.OffTrack),
                    Tasks(TaskState.CompletedOnTime), Tasks(TaskState.CompletedLate), Tasks(TaskState.Overdue),
                    reportLines.Count, reportLines.Count(r => r.OnTime), unitQuality, dtiLine?.Normalised);
                var note = notes.GetValueOrDefault((unit.Id, term.PersonId));
                result.Add((unit.Id, new Scorecard(unit.Code, pastNames.FullName(unit.Id, unit.FullName, nameOn), unit.Level, year, term.Person, term.PersonUid, term.Title,
                    from, to, term.StartOn, term.EndOn, targetLines, tasks, Tasks(TaskState.NotStarted) + Tasks(TaskState.InProgress), reportLines,
                    unitQuality, dtiLine, input, ScorecardComposer.Compose(input, rules),
                    note is null ? null : new NoteView(note.Text, note.UpdatedBy, note.UpdatedAt))));
            }
        }

        return result;
    }

    /// <summary>Adds or replaces the head's explanation of his scorecard (who and when are kept; edits go to the audit trail).</summary>
    public async Task<Outcome<ScorecardNote>> SaveNoteAsync(OrgUnit unit, string personUid, int year, string? text, CancellationToken ct = default)
    {
        text = (text ?? string.Empty).Trim();
        if (text.Length is 0 or > 4000)
        {
            return Outcome<ScorecardNote>.Fail("text", "Nội dung giải trình phải có từ 1 đến 4.000 ký tự.", "The explanation must have 1 to 4,000 characters.");
        }

        var yearStart = new DateOnly(year, 1, 1);
        var yearEnd = new DateOnly(year, 12, 31);
        var personId = await db.PositionTerms.Where(t => t.Position.OrgUnitId == unit.Id && t.Position.IsHead && t.Person.Uid == personUid
                                                        && t.StartOn <= yearEnd && (t.EndOn == null || t.EndOn >= yearStart))
            .Select(t => (int?)t.PersonId).FirstOrDefaultAsync(ct);
        if (personId is null)
        {
            return Outcome<ScorecardNote>.Fail("person", $"Người này không giữ chức vụ người đứng đầu {unit.FullName} trong năm {year}.",
                $"This person did not head {unit.FullName} in {year}.");
        }

        var note = await db.ScorecardNotes.FirstOrDefaultAsync(n => n.OrgUnitId == unit.Id && n.PersonId == personId && n.Year == year, ct);
        if (note is null)
        {
            note = new ScorecardNote { OrgUnitId = unit.Id, PersonId = personId.Value, Year = year, Text = text };
            db.ScorecardNotes.Add(note);
        }
        else
        {
            note.Text = text;
        }

        await db.SaveChangesAsync(ct);
        return Outcome<ScorecardNote>.Ok(note);
    }

    /// <summary>Each unit's DTI result of the year: under the first framework (by id) it left draft in.</summary>
    private async Task<Dictionary<int, DtiLine>> DtiAsync(List<int> ids, int year, CancellationToken ct)
    {
        var assessed = await db.DtiAssessments.AsNoTracking()
            .Where(a => ids.Contains(a.OrgUnitId) && a.Year == year && a.State != AssessmentState.Draft)
            .Select(a => new { a.OrgUnitId, a.FrameworkId }).Distinct().ToListAsync(ct);
        var lines = new Dictionary<int, DtiLine>();
        foreach (var id in assessed.Select(a => a.FrameworkId).Distinct().Order())
        {
            var framework = await db.DtiFrameworks.AsNoTracking().Include(f => f.Nodes.OrderBy(n => n.SortOrder)).SingleAsync(f => f.Id == id, ct);
            var scores = await dti.ScoresAsync(framework, year, ct: ct);
            foreach (var unitId in assessed.Where(a => a.FrameworkId == id).Select(a => a.OrgUnitId))
            {
                if (!lines.ContainsKey(unitId) && scores.Of(unitId) is { } s)
                {
                    lines[unitId] = new DtiLine(scores.Framework.Code, Math.Round(s.Normalised, 4), s.Rank, scores.Units.Count, s.NormalisedBefore, s.RankBefore, s.Provisional);
                }
            }
        }

        return lines;
    }
}
