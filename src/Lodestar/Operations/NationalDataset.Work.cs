using Lodestar.Demo;
using Lodestar.Dti;
using Lodestar.OrgUnits;
using Lodestar.People;
using Lodestar.Programmes;
using Lodestar.Values;
using Lodestar.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Operations;

/// <summary>The people, tasks and DTI assessments of the synthetic national dataset.</summary>
public sealed partial class NationalDataset
{
    /// <summary>The source number of every generated task (how a re-run recognises them).</summary>
    public const string TaskSource = "TH-SYN";

    /// <summary>The national DTI frameworks of the dataset, for communes and for agencies (the demo's node table, no province).</summary>
    public const string CommuneFramework = "SYN-XA";

    public const string AgencyFramework = "SYN-SO";

    /// <summary>The national programme of the dataset (targets SYN-CT.01 …, each on an indicator of one SYN element).</summary>
    public const string ProgrammeCode = "SYN-CT";

    private const string Synthetic = "Dữ liệu tổng hợp để đo hiệu năng, không phải số liệu thật (synthetic data)";

    private enum TaskKind
    {
        OnTime,
        Late,
        Overdue,
        InProgress,
        NotStarted,
        Cancelled,
        AwaitingReview,
    }

    /// <summary>A head position (with a synthetic holder) for every province, commune and agency that has none.</summary>
    private async Task<int> AddHeadsAsync(DateOnly on, CancellationToken ct)
    {
        var units = await db.OrgUnits.AsNoTracking().ValidOn(on)
            .Where(u => u.Level == OrgUnitLevel.Province || u.Level == OrgUnitLevel.Commune || u.Level == OrgUnitLevel.Agency)
            .Where(u => !db.Positions.Any(p => p.OrgUnitId == u.Id && p.IsHead))
            .OrderBy(u => u.Code).Select(u => new { u.Id, u.Name, u.Level, u.ValidFrom }).ToListAsync(ct);
        foreach (var u in units)
        {
            var (title, titleEn) = u.Level switch
            {
                OrgUnitLevel.Province => ("Chủ tịch Ủy ban nhân dân tỉnh", "Chair of the Provincial People's Committee"),
                OrgUnitLevel.Commune => ("Chủ tịch Ủy ban nhân dân xã", "Chair of the Commune People's Committee"),
                OrgUnitLevel.Agency or OrgUnitLevel.District or OrgUnitLevel.Village or _ => ("Thủ trưởng cơ quan", "Head of agency"),
            };
            var position = new Position { OrgUnitId = u.Id, Title = title, TitleEn = titleEn, IsHead = true };
            db.Positions.Add(position);
            db.PositionTerms.Add(new PositionTerm
            {
                Position = position,
                Person = new Person { FullName = $"Người đứng đầu (tổng hợp) – {u.Name}" },
                StartOn = u.ValidFrom is { } from && from > new DateOnly(2021, 6, 1) ? from : new DateOnly(2021, 6, 1),
                Note = Synthetic,
            });
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return units.Count;
    }

    /// <summary>
    /// <paramref name="size"/>'s tasks per province, owned in turn by its agencies and communes, answered for by their
    /// heads, in every state (finished on time or late, overdue, in progress, not started, cancelled, awaiting review),
    /// dated in the last year. None when the dataset's tasks are already there.
    /// </summary>
    private async Task<int> AddTasksAsync(NationalSize size, DateOnly on, CancellationToken ct)
    {
        if (size.TasksPerProvince == 0 || await db.Tasks.AnyAsync(t => t.SourceNumber == TaskSource, ct))
        {
            return 0;
        }

        var owners = await db.OrgUnitParents.AsNoTracking().ValidOn(on)
            .Where(l => l.Parent.Level == OrgUnitLevel.Province && (l.Child.Level == OrgUnitLevel.Commune || l.Child.Level == OrgUnitLevel.Agency))
            .OrderBy(l => l.Parent.Code).ThenBy(l => l.Child.Code).Select(l => new { Province = l.Parent.Code, l.ChildId }).ToListAsync(ct);
        var heads = await db.Positions.AsNoTracking().Where(p => p.IsHead).Select(p => new { p.OrgUnitId, p.Id }).ToListAsync(ct);
        var headOf = heads.GroupBy(h => h.OrgUnitId).ToDictionary(g => g.Key, g => g.Min(h => h.Id));
        var year = size.LastYear;
        var added = 0;
        foreach (var province in owners.GroupBy(o => o.Province))
        {
            var units = province.Select(o => o.ChildId).ToList();
            for (var k = 0; k < size.TasksPerProvince; k++)
            {
                var key = Mix((ulong)size.Seed, 21, Fnv(province.Key) + (ulong)k);
                var owner = units[(int)(key % (ulong)units.Count)];
                var kind = (TaskKind)(k % 7);
                var task = new WorkTask
                {
                    Title = $"Nhiệm vụ chuyển đổi số {k + 1:000} (tổng hợp)",
                    Description = Synthetic,
                    SourceKind = (TaskSourceKind)(1 + (k % 3)), // plan, conclusion, directive
                    SourceNumber = TaskSource,
                    SourceDate = new DateOnly(year, 1, 5),
                    OwnerUnitId = owner,
                    AccountablePositionId = headOf.TryGetValue(owner, out var head) ? head : null,
                    Priority = (TaskPriority)(k % 4),
                    ExpectedOutput = "Báo cáo kết quả kèm số liệu",
                    AssignedBy = "generate-national",
                };
                Shape(task, kind, year, (int)(Unit(key) * 150));
                db.Tasks.Add(task);
                added++;
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        return added;
    }

    /// <summary>Dates and reports that put a task in its state; <paramref name="shift"/> (0–150 days) spreads them over the year.</summary>
    private void Shape(WorkTask task, TaskKind kind, int year, int shift)
    {
        var deadline = new DateOnly(year, 3, 1).AddDays(shift); // March to July
        task.AssignedOn = deadline.AddMonths(-2);
        task.Deadline = deadline;
        switch (kind)
        {
            case TaskKind.OnTime:
                Report(task, ReportKind.Completion, deadline.AddDays(-3), 100, Decision.Accepted);
                break;
            case TaskKind.Late:
                Report(task, ReportKind.Completion, deadline.AddDays(5 + (shift % 40)), 100, Decision.Accepted);
                break;
            case TaskKind.Overdue:
                Report(task, ReportKind.Progress, deadline.AddDays(-20), 20 + (shift % 7 * 10), null);
                break;
            case TaskKind.InProgress:
                task.Deadline = new DateOnly(year + 1, 1, 15).AddDays(shift);
                Report(task, ReportKind.Progress, task.AssignedOn.AddDays(30), 10 + (shift % 8 * 10), null);
                break;
            case TaskKind.NotStarted:
                task.Deadline = new DateOnly(year + 1, 3, 1).AddDays(shift);
                break;
            case TaskKind.Cancelled:
                task.CancelledOn = deadline.AddDays(-10);
                task.CancelReason = "Lồng ghép vào nhiệm vụ khác (dữ liệu tổng hợp)";
                break;
            case TaskKind.AwaitingReview:
                task.Deadline = new DateOnly(year + 1, 2, 1).AddDays(shift);
                Report(task, ReportKind.Completion, deadline, 100, Decision.Pending);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private void Report(WorkTask task, ReportKind kind, DateOnly on, int percent, Decision? decision)
    {
        task.HasProgress = true;
        task.Percent = decision == Decision.Pending ? 90 : percent;
        db.TaskReports.Add(new TaskReport
        {
            Task = task, Kind = kind, ReportedOn = on, Percent = percent, Narrative = $"Đã thực hiện {percent}% (dữ liệu tổng hợp).",
            Decision = decision, DecidedOn = decision == Decision.Accepted ? on.AddDays(2) : null, DecidedBy = decision == Decision.Accepted ? "generate-national" : null,
        });
        if (decision == Decision.Accepted)
        {
            task.CompletedOn = on;
        }
    }

    /// <summary>
    /// DTI for the last <see cref="NationalSize.DtiYears"/> years (from 2025, when the communes of today exist): a
    /// self-assessment of every commune and agency on the national synthetic frameworks — published for earlier years,
    /// in every review state for the last — and the provinces' published national results (QĐ 405) for the earlier
    /// years. Only what is missing is added.
    /// </summary>
    private async Task<int> AddDtiAsync(NationalSize size, DateOnly on, CancellationToken ct)
    {
        var first = Math.Max(2025, size.LastYear - size.DtiYears + 1);
        if (size.DtiYears == 0 || first > size.LastYear)
        {
            return 0;
        }

        var frameworks = await db.DtiFrameworks.Include(f => f.Nodes).ToDictionaryAsync(f => f.Code, ct);
        if (!frameworks.ContainsKey("P405"))
        {
            db.DtiFrameworks.AddRange(DtiDemo.NationalFrameworks().Where(f => !frameworks.ContainsKey(f.Code)));
        }

        foreach (var (code, level, communes) in new[] { (CommuneFramework, OrgUnitLevel.Commune, true), (AgencyFramework, OrgUnitLevel.Agency, false) })
        {
            if (!frameworks.ContainsKey(code))
            {
                var name = communes ? "Bộ chỉ số chuyển đổi số cấp xã (tổng hợp, toàn quốc)" : "Bộ chỉ số chuyển đổi số cơ quan cấp tỉnh (tổng hợp, toàn quốc)";
                var fw = DtiDemo.LocalFramework(code, name, level, null, communes);
                (fw.FirstYear, fw.Version, fw.IsDemo, fw.Source) = (2025, "SYN", false, Synthetic);
                db.DtiFrameworks.Add(fw);
            }
        }

        await db.SaveChangesAsync(ct);
        frameworks = await db.DtiFrameworks.AsNoTracking().Include(f => f.Nodes).ToDictionaryAsync(f => f.Code, ct);
        var existing = (await db.DtiAssessments.AsNoTracking().Select(a => new { a.FrameworkId, a.OrgUnitId, a.Year }).ToListAsync(ct))
            .Select(a => (a.FrameworkId, a.OrgUnitId, a.Year)).ToHashSet();
        var units = await db.OrgUnits.AsNoTracking().ValidOn(on)
            .Where(u => u.Level == OrgUnitLevel.Province || u.Level == OrgUnitLevel.Commune || u.Level == OrgUnitLevel.Agency)
            .OrderBy(u => u.Code).Select(u => new { u.Id, u.Code, u.Level }).ToListAsync(ct);
        var random = new Random(size.Seed);
        var added = 0;
        foreach (var group in units.GroupBy(u => u.Level))
        {
            if (group.Key == OrgUnitLevel.Province)
            {
                added += AddPublished(frameworks["P405"], group.Select(u => u.Id).ToList(), first, size.LastYear - 1, random, existing);
                continue;
            }

            var fw = frameworks[group.Key == OrgUnitLevel.Commune ? CommuneFramework : AgencyFramework];
            var leaves = fw.Nodes.Where(n => n.Kind == NodeKind.Component).OrderBy(n => n.SortOrder).ToList();
            foreach (var (unit, index) in group.Select((u, i) => (u, i)))
            {
                var quality = 0.3 + (0.65 * Unit(Mix((ulong)size.Seed, 31, Fnv(unit.Code))));
                for (var year = first; year <= size.LastYear; year++)
                {
                    if (!existing.Add((fw.Id, unit.Id, year)))
                    {
                        continue;
                    }

                    var state = year < size.LastYear ? AssessmentState.Published : (AssessmentState)(index % 5);
                    var assessment = new DtiAssessment
                    {
                        FrameworkId = fw.Id, OrgUnitId = unit.Id, Year = year, State = state, Origin = AssessmentOrigin.SelfAssessment, Source = Synthetic,
                        SubmittedAt = state >= AssessmentState.Submitted ? new DateTime(year, 10, 20, 2, 0, 0, DateTimeKind.Utc) : null,
                        SubmittedBy = state >= AssessmentState.Submitted ? "generate-national" : null,
                        ConfirmedAt = state >= AssessmentState.Confirmed ? new DateTime(year, 11, 10, 2, 0, 0, DateTimeKind.Utc) : null,
                        ConfirmedBy = state >= AssessmentState.Confirmed ? "generate-national" : null,
                    };
                    var q = Math.Min(1, quality + (0.05 * (year - first)));
                    foreach (var leaf in leaves)
                    {
                        var (a, b) = DtiDemo.Inputs(leaf, q, random);
                        assessment.Items.Add(new DtiItem { NodeCode = leaf.Code, A = a, B = b, Review = state >= AssessmentState.Reviewed ? ItemReview.Accepted : ItemReview.Pending });
                    }

                    db.DtiAssessments.Add(assessment);
                    added++;
                }

                if (index % 500 == 499)
                {
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                }
            }
        }

        // What is left of each level (the provinces' published results included) in one last save.
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return added;
    }

    /// <summary>Published national results of the provinces (score 0–1, rank by score), with the main indexes' points.</summary>
    private int AddPublished(DtiFramework fw, List<int> provinces, int first, int last, Random random, HashSet<(int, int, int)> existing)
    {
        var added = 0;
        var mains = fw.Nodes.Where(n => n.Kind == NodeKind.Main && n.MaxPoints > 0).ToList();
        for (var year = first; year <= last; year++)
        {
            var scores = provinces.Select(p => Math.Round(0.35 + (0.5 * random.NextDouble()), 4)).ToList();
            var order = scores.Select((s, i) => (s, i)).OrderByDescending(x => x.s).Select(x => x.i).ToList();
            for (var i = 0; i < provinces.Count; i++)
            {
                if (!existing.Add((fw.Id, provinces[i], year)))
                {
                    continue;
                }

                var a = new DtiAssessment
                {
                    FrameworkId = fw.Id, OrgUnitId = provinces[i], Year = year, State = AssessmentState.Published, Origin = AssessmentOrigin.Published,
                    PublishedScore = scores[i], PublishedRank = order.IndexOf(i) + 1, Source = Synthetic,
                };
                a.Items.AddRange(mains.Select(m => new DtiItem { NodeCode = m.Code, A = Math.Round(Math.Clamp(scores[i] + ((random.NextDouble() - 0.5) * 0.2), 0, 1) * m.MaxPoints, 4), Review = ItemReview.Accepted }));
                db.DtiAssessments.Add(a);
                added++;
            }
        }

        return added;
    }
    /// <summary>
    /// A national programme with a target on each of the first five SYN elements (fewer when there are fewer) (the mean over the units that report,
    /// as the values grow 3–12% a year from about 1, 10, 100 …), added through the programme service as a DX office
    /// would. Only what is missing is added.
    /// </summary>
    private async Task<int> AddProgrammeAsync(int elements, CancellationToken ct)
    {
        if (!await db.Programmes.AnyAsync(p => p.Code == ProgrammeCode, ct))
        {
            var made = await programmes.CreateProgrammeAsync(new ProgrammeInput(ProgrammeCode, "Chương trình chuyển đổi số quốc gia (tổng hợp)", "SYN/2025",
                new DateOnly(2025, 1, 1), Synthetic, null, 2025, 2030, 95, 80, "Dữ liệu số\nDịch vụ số", Synthetic), ct);
            if (!made.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", made.Problems.Select(p => p.Message.En)));
            }
        }

        var existing = (await db.Targets.Where(t => t.Programme.Code == ProgrammeCode).Select(t => t.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var indicators = (await db.Indicators.Where(i => i.Code.StartsWith(ElementPrefix)).Select(i => i.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var added = 0;
        for (var k = 1; k <= Math.Min(5, elements); k++)
        {
            var element = $"{ElementPrefix}{k:000}";
            var indicator = $"{element}.TB";
            if (!indicators.Contains(indicator))
            {
                var made = await programmes.AddIndicatorAsync(new IndicatorInput(indicator, $"Bình quân {element} (tổng hợp)", $"Mean of {element} (synthetic)", null,
                    element, null, 1, Aggregation.Mean), ct);
                if (!made.Succeeded)
                {
                    throw new InvalidOperationException(string.Join("; ", made.Problems.Select(p => p.Message.En)));
                }
            }

            var code = $"{ProgrammeCode}.{k:00}";
            if (existing.Contains(code))
            {
                continue;
            }

            // The demo's scale of element k (10^(k-1 mod 4) × (1 + k-1 mod 7)); the milestones ask for a little more than the growth gives.
            var scale = Math.Pow(10, (k - 1) % 4) * (1 + ((k - 1) % 7));
            var outcome = await programmes.AddTargetAsync(ProgrammeCode, new TargetInput(code, $"Chỉ tiêu {k:00} (tổng hợp): bình quân {element}", $"Target {k:00} (synthetic): mean of {element}",
                null, Comparator.AtLeast, Direction.HigherIsBetter, null, null,
                FormattableString.Invariant($"2025: {Math.Round(scale * 1.6, 1)}; 2030: {Math.Round(scale * 2.4, 1)}"), PathShape.Linear, indicator, null, null, Synthetic, null), ct);
            if (!outcome.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", outcome.Problems.Select(p => p.Message.En)));
            }

            added++;
        }

        return added;
    }
}
