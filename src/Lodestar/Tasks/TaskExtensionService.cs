using Lodestar.Common;
using Lodestar.Data;
using Microsoft.EntityFrameworkCore;
using static Lodestar.Tasks.TaskService;

namespace Lodestar.Tasks;

/// <summary>Extension requests of a task's owner and the assigner's decision: approving moves the effective deadline.</summary>
public sealed class TaskExtensionService(LodestarDbContext db, TimeProvider clock)
{
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
}
