using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Setup;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tasks;

/// <summary>
/// Writes of the task register: create (one or a whole plan), progress and completion reports with evidence,
/// acceptance or return, extension requests and decisions, cancellation. Rights are checked by the caller
/// (TaskRights + AccessScope); rules about the task itself are checked here.
/// </summary>
public sealed class TaskService(LodestarDbContext db, TimeProvider clock, LodestarOptions options)
{
    /// <summary>Creates a task; <paramref name="within"/> (the assigner's scope, null = everywhere) bounds the owner unit.</summary>
    public async Task<Outcome<WorkTask>> CreateAsync(TaskInput input, IReadOnlySet<int>? within = null, CancellationToken ct = default)
    {
        var (task, problems) = await ValidateAsync(input, within, ct);
        if (problems.Count > 0)
        {
            return Outcome<WorkTask>.Fail(problems);
        }

        db.Tasks.Add(task!);
        await db.SaveChangesAsync(ct);
        return Outcome<WorkTask>.Ok(task!);
    }

    /// <summary>Creates every task or none: problems carry the row number (1-based, as the caller counts rows).</summary>
    public async Task<Outcome<int>> CreateManyAsync(IReadOnlyList<(int Row, TaskInput Input)> rows, Func<int, string, Msg, Problem> locate,
        IReadOnlySet<int>? within = null, CancellationToken ct = default)
    {
        var problems = new List<Problem>();
        var tasks = new List<WorkTask>();
        foreach (var (row, input) in rows)
        {
            var (task, rowProblems) = await ValidateAsync(input, within, ct);
            problems.AddRange(rowProblems.Select(p => locate(row, p.Field, p.Message)));
            if (task is not null)
            {
                tasks.Add(task);
            }
        }

        if (problems.Count > 0)
        {
            return Outcome<int>.Fail(problems);
        }

        db.Tasks.AddRange(tasks);
        await db.SaveChangesAsync(ct);
        return Outcome<int>.Ok(tasks.Count);
    }

    /// <summary>Checks a task as typed and builds it (not yet added); problems are keyed by the input's field names.</summary>
    public async Task<(WorkTask? Task, List<Problem> Problems)> ValidateAsync(TaskInput input, IReadOnlySet<int>? within = null, CancellationToken ct = default)
    {
        var problems = new List<Problem>();
        var today = Dates.Today(clock);
        void Add(string field, string vi, string en) => problems.Add(new Problem(field, new Msg(vi, en)));

        var title = TextFold.Clean(input.Title);
        if (title.Length is 0 or > 500)
        {
            Add("title", "Tên nhiệm vụ phải có từ 1 đến 500 ký tự.", "The title must have 1 to 500 characters.");
        }

        var sourceKind = TaskSourceKind.Other;
        if (!string.IsNullOrWhiteSpace(input.SourceKind) && !TryParseEnum(input.SourceKind, out sourceKind))
        {
            Add("sourceKind", $"Nguồn '{input.SourceKind}' không có; dùng programme, plan, conclusion, directive hoặc other.",
                $"Unknown source '{input.SourceKind}'; use programme, plan, conclusion, directive or other.");
        }

        DateOnly? sourceDate = null;
        if (!string.IsNullOrWhiteSpace(input.SourceDate))
        {
            if (Dates.TryParseInput(input.SourceDate, out var sd))
            {
                sourceDate = sd;
            }
            else
            {
                Add("sourceDate", $"Ngày văn bản '{input.SourceDate}' không hợp lệ (dd/mm/yyyy).", $"The source date '{input.SourceDate}' is not a date (dd/mm/yyyy).");
            }
        }

        var deadline = default(DateOnly);
        if (string.IsNullOrWhiteSpace(input.Deadline))
        {
            Add("deadline", "Nhập thời hạn hoàn thành.", "Enter the deadline.");
        }
        else if (!Dates.TryParseInput(input.Deadline, out deadline))
        {
            Add("deadline", $"Thời hạn '{input.Deadline}' không hợp lệ (dd/mm/yyyy).", $"The deadline '{input.Deadline}' is not a date (dd/mm/yyyy).");
        }
        else if (sourceDate is { } s && deadline < s)
        {
            Add("deadline", "Thời hạn không được trước ngày của văn bản giao nhiệm vụ.", "The deadline cannot be before the date of the source document.");
        }

        var recurrence = TaskRecurrence.None;
        if (!string.IsNullOrWhiteSpace(input.Recurrence) && !TryParseEnum(input.Recurrence, out recurrence))
        {
            Add("recurrence", $"Lặp lại '{input.Recurrence}' không có; dùng none, quarterly hoặc yearly.", $"Unknown recurrence '{input.Recurrence}'; use none, quarterly or yearly.");
        }

        var priority = TaskPriority.Normal;
        if (!string.IsNullOrWhiteSpace(input.Priority) && !TryParseEnum(input.Priority, out priority))
        {
            Add("priority", $"Mức ưu tiên '{input.Priority}' không có; dùng low, normal, high hoặc urgent.", $"Unknown priority '{input.Priority}'; use low, normal, high or urgent.");
        }

        OrgUnit? owner = null;
        if (string.IsNullOrWhiteSpace(input.OwnerUnit))
        {
            Add("ownerUnit", "Chọn đơn vị chủ trì.", "Choose the owner unit.");
        }
        else
        {
            owner = await db.OrgUnits.ValidOn(today).Where(u => u.Code == input.OwnerUnit.Trim()).OrderBy(u => u.Level).FirstOrDefaultAsync(ct);
            if (owner is null)
            {
                Add("ownerUnit", $"Không có đơn vị mã {input.OwnerUnit} vào ngày {today.ToDisplay()}.", $"No unit has code {input.OwnerUnit} on {today.ToDisplay()}.");
            }
            else if (within is not null && !within.Contains(owner.Id))
            {
                Add("ownerUnit", $"Đơn vị {input.OwnerUnit} nằm ngoài phạm vi tài khoản của bạn.", $"Unit {input.OwnerUnit} is outside your account's scope.");
                owner = null;
            }
        }

        var coUnits = new List<int>();
        foreach (var code in (input.CoUnits ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal))
        {
            var id = await db.OrgUnits.ValidOn(today).Where(u => u.Code == code).Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);
            if (id is null)
            {
                Add("coUnits", $"Không có đơn vị phối hợp mã {code}.", $"No co-operating unit has code {code}.");
            }
            else if (within is not null && !within.Contains(id.Value))
            {
                Add("coUnits", $"Đơn vị phối hợp {code} nằm ngoài phạm vi tài khoản của bạn.", $"Co-operating unit {code} is outside your account's scope.");
            }
            else if (id != owner?.Id)
            {
                coUnits.Add(id.Value);
            }
        }

        int? positionId = null;
        if (!string.IsNullOrWhiteSpace(input.AccountablePosition))
        {
            var position = await db.Positions.Where(p => p.Uid == input.AccountablePosition.Trim()).Select(p => new { p.Id, p.OrgUnitId }).FirstOrDefaultAsync(ct);
            if (position is null || (owner is not null && position.OrgUnitId != owner.Id))
            {
                Add("accountablePosition", "Chức vụ chịu trách nhiệm phải là một chức vụ của đơn vị chủ trì.", "The accountable position must be a position of the owner unit.");
            }
            else
            {
                positionId = position.Id;
            }
        }
        else if (owner is not null)
        {
            positionId = await db.Positions.Where(p => p.OrgUnitId == owner.Id && p.IsHead).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        }

        int? pillarId = null;
        if (!string.IsNullOrWhiteSpace(input.Pillar))
        {
            var ids = await PillarIdsAsync(db, input.Pillar, ct);
            if (ids.Count == 0)
            {
                Add("pillar", $"Không có trụ cột '{input.Pillar}'.", $"No pillar '{input.Pillar}'.");
            }
            else
            {
                pillarId = ids[0];
            }
        }

        var targets = new List<int>();
        foreach (var code in (input.Targets ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal))
        {
            var id = await db.Targets.Where(t => t.Code == code).Select(t => (int?)t.Id).FirstOrDefaultAsync(ct);
            if (id is null)
            {
                Add("targets", $"Không có chỉ tiêu mã {code}.", $"No target has code {code}.");
            }
            else
            {
                targets.Add(id.Value);
            }
        }

        WorkTask? parent = null;
        if (!string.IsNullOrWhiteSpace(input.Parent))
        {
            parent = await db.Tasks.FirstOrDefaultAsync(t => t.Uid == input.Parent.Trim(), ct);

            // A parent outside the account's scope is answered like a missing one: its title and deadline are not the account's to read.
            if (parent is not null && within is not null && !within.Contains(parent.OwnerUnitId)
                && !await db.TaskCoUnits.AnyAsync(c => c.TaskId == parent.Id && within.Contains(c.OrgUnitId), ct))
            {
                parent = null;
            }

            if (parent is null)
            {
                Add("parent", $"Không có nhiệm vụ cha {input.Parent}.", $"No parent task {input.Parent}.");
            }
            else if (deadline != default && deadline > parent.Deadline)
            {
                Add("deadline", $"Thời hạn của nhiệm vụ con không được sau thời hạn của nhiệm vụ cha ({parent.Deadline.ToDisplay()}).",
                    $"A sub-task's deadline cannot be after its parent's ({parent.Deadline.ToDisplay()}).");
            }
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var task = new WorkTask
        {
            Title = title,
            Description = Optional(input.Description),
            SourceKind = sourceKind,
            SourceNumber = Optional(input.SourceNumber),
            SourceDate = sourceDate,
            OwnerUnitId = owner!.Id,
            AccountablePositionId = positionId,
            AssignedOn = today,
            Deadline = deadline,
            Recurrence = recurrence,
            Priority = priority,
            ExpectedOutput = Optional(input.ExpectedOutput),
            ParentId = parent?.Id,
            PillarId = pillarId,
            AssignedBy = db.ActorName,
        };
        task.CoUnits.AddRange(coUnits.Select(id => new TaskCoUnit { OrgUnitId = id }));
        task.Targets.AddRange(targets.Select(id => new TaskTarget { TargetId = id }));
        return (task, problems);
    }

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

    public async Task<Outcome<TaskExtension>> RequestExtensionAsync(string taskUid, string? newDeadline, string? reason, CancellationToken ct = default)
    {
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Uid == taskUid, ct);
        var problems = OpenTaskProblems(task);
        reason = Optional(reason);
        if (reason is null)
        {
            problems.Add(new Problem("reason", new Msg("Nêu lý do xin gia hạn.", "Give the reason for the extension.")));
        }

        var date = default(DateOnly);
        if (!Dates.TryParseInput(newDeadline, out date))
        {
            problems.Add(new Problem("newDeadline", new Msg("Nhập thời hạn mới dạng dd/mm/yyyy.", "Enter the new deadline as dd/mm/yyyy.")));
        }
        else if (task is not null && date <= task.EffectiveDeadline)
        {
            problems.Add(new Problem("newDeadline", new Msg($"Thời hạn mới phải sau {task.EffectiveDeadline.ToDisplay()}.", $"The new deadline must be after {task.EffectiveDeadline.ToDisplay()}.")));
        }

        if (task is not null && await db.TaskExtensions.AnyAsync(x => x.TaskId == task.Id && x.Decision == Decision.Pending, ct))
        {
            problems.Add(new Problem("task", new Msg("Đề nghị gia hạn trước đang chờ xem xét.", "An earlier extension request is awaiting a decision.")));
        }

        if (problems.Count > 0)
        {
            return Outcome<TaskExtension>.Fail(problems);
        }

        var extension = new TaskExtension { Task = task!, RequestedOn = Dates.Today(clock), NewDeadline = date, Reason = reason! };
        db.TaskExtensions.Add(extension);
        await db.SaveChangesAsync(ct);
        return Outcome<TaskExtension>.Ok(extension);
    }

    /// <summary>Approving moves the effective deadline; the original deadline stays and still decides "late".</summary>
    public async Task<Outcome<TaskExtension>> DecideExtensionAsync(string extensionUid, bool approve, string? reason, CancellationToken ct = default)
    {
        var extension = await db.TaskExtensions.Include(x => x.Task).FirstOrDefaultAsync(x => x.Uid == extensionUid, ct);
        if (extension is null || extension.Decision != Decision.Pending)
        {
            return Outcome<TaskExtension>.Fail("extension", "Không có đề nghị gia hạn nào đang chờ quyết định.", "No extension request is awaiting a decision.");
        }

        reason = Optional(reason);
        if (!approve && reason is null)
        {
            return Outcome<TaskExtension>.Fail("reason", "Nêu lý do không đồng ý gia hạn.", "Give the reason for refusing.");
        }

        extension.Decision = approve ? Decision.Approved : Decision.Refused;
        extension.DecidedOn = Dates.Today(clock);
        extension.DecidedBy = db.ActorName;
        extension.DecisionReason = reason;
        if (approve)
        {
            extension.Task.ExtendedTo = extension.NewDeadline;
            extension.Task.Version++;
        }

        await db.SaveChangesAsync(ct);
        return Outcome<TaskExtension>.Ok(extension);
    }

    public async Task<Outcome<WorkTask>> CancelAsync(string taskUid, string? reason, CancellationToken ct = default)
    {
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Uid == taskUid, ct);
        var problems = OpenTaskProblems(task);
        reason = Optional(reason);
        if (reason is null)
        {
            problems.Add(new Problem("reason", new Msg("Nêu lý do hủy nhiệm vụ.", "Give the reason for cancelling.")));
        }

        if (problems.Count > 0)
        {
            return Outcome<WorkTask>.Fail(problems);
        }

        task!.CancelledOn = Dates.Today(clock);
        task.CancelReason = reason;
        task.Version++;
        await db.SaveChangesAsync(ct);
        return Outcome<WorkTask>.Ok(task);
    }

    /// <summary>The full path of a stored evidence file, or null when it does not exist.</summary>
    public string? EvidencePath(TaskEvidence evidence)
    {
        var path = Path.GetFullPath(Path.Combine(options.DataDirectory, evidence.StoredPath));
        return path.StartsWith(Path.GetFullPath(options.DataDirectory), StringComparison.Ordinal) && File.Exists(path) ? path : null;
    }

    private static List<Problem> OpenTaskProblems(WorkTask? task)
    {
        if (task is null)
        {
            return [new Problem("task", new Msg("Không tìm thấy nhiệm vụ.", "Task not found."))];
        }

        if (task.CancelledOn is not null)
        {
            return [new Problem("task", new Msg("Nhiệm vụ đã bị hủy.", "The task was cancelled."))];
        }

        return task.CompletedOn is not null
            ? [new Problem("task", new Msg("Nhiệm vụ đã hoàn thành.", "The task is already completed."))]
            : [];
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

    /// <summary>Pillars whose name folds to the given text (pillars have no code; names are unique within a programme).</summary>
    public static async Task<List<int>> PillarIdsAsync(LodestarDbContext db, string name, CancellationToken ct)
    {
        var folded = TextFold.Fold(name);
        var pillars = await db.Pillars.AsNoTracking().Select(p => new { p.Id, p.Name, p.NameEn }).ToListAsync(ct);
        return pillars.Where(p => TextFold.Fold(p.Name) == folded || TextFold.Fold(p.NameEn) == folded).Select(p => p.Id).ToList();
    }

    /// <summary>Keeps month-end deadlines at month end (31/03 → 30/06 → 30/09 → 31/12).</summary>
    public static DateOnly NextDeadline(DateOnly deadline, int months)
    {
        var next = deadline.AddMonths(months);
        var monthEnd = deadline.Day == DateTime.DaysInMonth(deadline.Year, deadline.Month);
        return monthEnd ? new DateOnly(next.Year, next.Month, DateTime.DaysInMonth(next.Year, next.Month)) : next;
    }

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : TextFold.Clean(text);

    private static bool TryParseEnum<T>(string text, out T value)
        where T : struct, Enum
    {
        var parsed = ApiCodes.Parse<T>(text);
        value = parsed ?? default;
        return parsed is not null;
    }
}
