using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Setup;
using Microsoft.EntityFrameworkCore;
using static Lodestar.Tasks.TaskService;

namespace Lodestar.Tasks;

/// <summary>
/// Progress and completion reports of a task with their evidence files, the assigner's acceptance or return of a completion,
/// and the next occurrence of a recurring task once its completion is accepted.
/// </summary>
public sealed class TaskReportService(LodestarDbContext db, TimeProvider clock, LodestarOptions options)
{
    public async Task<Outcome<TaskReport>> ReportProgressAsync(string taskUid, int percent, string? narrative, string? expectedOn,
        IReadOnlyList<EvidenceUpload> files, CancellationToken ct = default)
    {
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Uid == taskUid, ct);
        var problems = OpenTaskProblems(task);
        if (percent is < 0 or > 99)
        {
            problems.Add(new Problem("percent", new Msg("Tiến độ phải từ 0 đến 99%; 100% là báo cáo hoàn thành.", "Progress must be 0 to 99%; 100% is a completion report.")));
        }

        DateOnly? expected = null;
        if (!string.IsNullOrWhiteSpace(expectedOn))
        {
            if (Dates.TryParseInput(expectedOn, out var e))
            {
                expected = e;
            }
            else
            {
                problems.Add(new Problem("expectedOn", new Msg($"Ngày dự kiến '{expectedOn}' không hợp lệ (dd/mm/yyyy).", $"The expected date '{expectedOn}' is not a date (dd/mm/yyyy).")));
            }
        }

        return await AddReportAsync(task, ReportKind.Progress, percent, narrative, expected, files, problems, ct);
    }

    /// <summary>The owner unit reports the task done; the assigner then accepts or returns it.</summary>
    public async Task<Outcome<TaskReport>> ReportCompletionAsync(string taskUid, string? narrative, IReadOnlyList<EvidenceUpload> files, CancellationToken ct = default)
    {
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Uid == taskUid, ct);
        var problems = OpenTaskProblems(task);
        if (task is not null && await db.TaskReports.AnyAsync(r => r.TaskId == task.Id && r.Kind == ReportKind.Completion && r.Decision == Decision.Pending, ct))
        {
            problems.Add(new Problem("task", new Msg("Báo cáo hoàn thành trước đang chờ xem xét.", "An earlier completion report is awaiting review.")));
        }

        if (files.Count == 0)
        {
            problems.Add(new Problem("evidence", new Msg("Báo cáo hoàn thành cần ít nhất một tệp minh chứng.", "A completion report needs at least one evidence file.")));
        }

        return await AddReportAsync(task, ReportKind.Completion, 100, narrative, null, files, problems, ct);
    }

    /// <summary>Accepts (the task is completed on the day it was reported) or returns (with a reason) a completion report.</summary>
    public async Task<Outcome<TaskReport>> DecideCompletionAsync(string reportUid, bool accept, string? reason, CancellationToken ct = default)
    {
        var report = await db.TaskReports.Include(r => r.Task).FirstOrDefaultAsync(r => r.Uid == reportUid && r.Kind == ReportKind.Completion, ct);
        if (report is null || report.Decision != Decision.Pending)
        {
            return Outcome<TaskReport>.Fail("report", "Không có báo cáo hoàn thành nào đang chờ xem xét.", "No completion report is awaiting review.");
        }

        reason = Optional(reason);
        if (!accept && reason is null)
        {
            return Outcome<TaskReport>.Fail("reason", "Nêu lý do trả lại.", "Give the reason for returning it.");
        }

        var today = Dates.Today(clock);
        report.Decision = accept ? Decision.Accepted : Decision.Returned;
        report.DecidedOn = today;
        report.DecidedBy = db.ActorName;
        report.DecisionReason = reason;
        var task = report.Task;
        task.Version++;
        if (accept)
        {
            task.CompletedOn = report.ReportedOn;
            task.Percent = 100;
            task.HasProgress = true;
            await AddNextOccurrenceAsync(task, ct);
        }

        await db.SaveChangesAsync(ct);
        return Outcome<TaskReport>.Ok(report);
    }

    /// <summary>The full path of a stored evidence file, or null when it does not exist.</summary>
    public string? EvidencePath(TaskEvidence evidence)
    {
        var path = Path.GetFullPath(Path.Combine(options.DataDirectory, evidence.StoredPath));
        return path.StartsWith(Path.GetFullPath(options.DataDirectory), StringComparison.Ordinal) && File.Exists(path) ? path : null;
    }

    private async Task<Outcome<TaskReport>> AddReportAsync(WorkTask? task, ReportKind kind, int percent, string? narrative, DateOnly? expected,
        IReadOnlyList<EvidenceUpload> files, List<Problem> problems, CancellationToken ct)
    {
        narrative = Optional(narrative);
        if (narrative is null || narrative.Length > 4000)
        {
            problems.Add(new Problem("narrative", new Msg("Nội dung báo cáo phải có từ 1 đến 4.000 ký tự.", "The narrative must have 1 to 4,000 characters.")));
        }

        problems.AddRange(EvidenceFiles.Problems(files));
        if (problems.Count == 0 && await new EvidenceQuota(db, options).CheckAsync(task!.OwnerUnitId, files, ct) is { } full)
        {
            problems.Add(full);
        }

        if (problems.Count > 0)
        {
            return Outcome<TaskReport>.Fail(problems);
        }

        var report = new TaskReport
        {
            Task = task!,
            Kind = kind,
            ReportedOn = Dates.Today(clock),
            Percent = percent,
            Narrative = narrative!,
            ExpectedOn = expected,
            Decision = kind == ReportKind.Completion ? Decision.Pending : null,
        };
        var stored = await EvidenceFiles.WriteAsync(options.DataDirectory, Path.Combine("evidence", task!.Uid), files, ct);
        report.Evidence.AddRange(stored.Select(f => new TaskEvidence
        {
            Uid = f.Uid, FileName = f.FileName, ContentType = f.ContentType, Size = f.Size, StoredPath = f.StoredPath,
        }));
        try
        {
            if (kind == ReportKind.Progress)
            {
                task.Percent = percent;
            }

            task.HasProgress = true;
            task.Version++;
            db.TaskReports.Add(report);
            if (kind == ReportKind.Completion)
            {
                await Notifications.WorkNotices.TaskCompletedAsync(db, task, ct);
            }

            await db.SaveChangesAsync(ct);
        }
        catch
        {
            // A report that did not save leaves no files behind.
            EvidenceFiles.Delete(options.DataDirectory, stored);
            throw;
        }

        return Outcome<TaskReport>.Ok(report);
    }

    /// <summary>A recurring task, once accepted, is followed by the same task for the next period.</summary>
    private async Task AddNextOccurrenceAsync(WorkTask done, CancellationToken ct)
    {
        if (done.Recurrence == TaskRecurrence.None)
        {
            return;
        }

        var months = done.Recurrence == TaskRecurrence.Quarterly ? 3 : 12;
        var next = new WorkTask
        {
            Title = done.Title,
            Description = done.Description,
            SourceKind = done.SourceKind,
            SourceNumber = done.SourceNumber,
            SourceDate = done.SourceDate,
            OwnerUnitId = done.OwnerUnitId,
            AccountablePositionId = done.AccountablePositionId,
            AssignedOn = Dates.Today(clock),
            Deadline = NextDeadline(done.Deadline, months),
            Recurrence = done.Recurrence,
            Priority = done.Priority,
            ExpectedOutput = done.ExpectedOutput,
            ParentId = done.ParentId,
            PillarId = done.PillarId,
            PreviousOccurrenceId = done.Id,
            AssignedBy = done.AssignedBy,
        };
        var coUnits = await db.TaskCoUnits.Where(c => c.TaskId == done.Id).Select(c => c.OrgUnitId).ToListAsync(ct);
        next.CoUnits.AddRange(coUnits.Select(id => new TaskCoUnit { OrgUnitId = id }));
        var targets = await db.TaskTargets.Where(t => t.TaskId == done.Id).Select(t => t.TargetId).ToListAsync(ct);
        next.Targets.AddRange(targets.Select(id => new TaskTarget { TargetId = id }));
        db.Tasks.Add(next);
    }

    /// <summary>Keeps month-end deadlines at month end (31/03 → 30/06 → 30/09 → 31/12).</summary>
    public static DateOnly NextDeadline(DateOnly deadline, int months)
    {
        var next = deadline.AddMonths(months);
        var monthEnd = deadline.Day == DateTime.DaysInMonth(deadline.Year, deadline.Month);
        return monthEnd ? new DateOnly(next.Year, next.Month, DateTime.DaysInMonth(next.Year, next.Month)) : next;
    }
}
