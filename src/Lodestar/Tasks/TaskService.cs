using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tasks;

/// <summary>
/// Assigning tasks: create (one or a whole plan) and cancel. Reports and their decisions are
/// <see cref="TaskReportService"/>'s, extensions <see cref="TaskExtensionService"/>'s. Rights are checked by the caller
/// (TaskRights + AccessScope); rules about the task itself are checked here.
/// </summary>
public sealed class TaskService(LodestarDbContext db, TimeProvider clock)
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

    /// <summary>Why a task cannot take a report, an extension request or a cancellation: missing, cancelled or completed.</summary>
    internal static List<Problem> OpenTaskProblems(WorkTask? task)
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

    /// <summary>Pillars whose name folds to the given text (pillars have no code; names are unique within a programme).</summary>
    public static async Task<List<int>> PillarIdsAsync(LodestarDbContext db, string name, CancellationToken ct)
    {
        var folded = TextFold.Fold(name);
        var pillars = await db.Pillars.AsNoTracking().Select(p => new { p.Id, p.Name, p.NameEn }).ToListAsync(ct);
        return pillars.Where(p => TextFold.Fold(p.Name) == folded || TextFold.Fold(p.NameEn) == folded).Select(p => p.Id).ToList();
    }

    internal static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : TextFold.Clean(text);

    private static bool TryParseEnum<T>(string text, out T value)
        where T : struct, Enum
    {
        var parsed = ApiCodes.Parse<T>(text);
        value = parsed ?? default;
        return parsed is not null;
    }
}
