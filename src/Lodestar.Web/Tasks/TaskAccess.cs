using System.Security.Claims;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Tasks;

namespace Lodestar.Web.Tasks;

/// <summary>What the reader may do with one task: see it (its owner or a co-operating unit is in his scope), report on it, decide on it.</summary>
public sealed record TaskRightsOnTask(bool CanSee, bool CanReport, bool CanDecide);

/// <summary>Scope and role checks of the task pages and API, and the register's filters read from query text.</summary>
public sealed class TaskAccess(AccessScope scope, OrgUnitQueries orgUnits, LodestarDbContext db, TaskQueries tasks, TimeProvider clock)
{
    public DateOnly Today => Dates.Today(clock);

    /// <summary>One task as the reader sees it (its parent and sub-tasks only inside his scope), or null; whether he may see it at all is <see cref="RightsAsync"/>.</summary>
    public async Task<TaskDetail?> DetailAsync(ClaimsPrincipal user, string uid, CancellationToken ct = default) =>
        await tasks.GetAsync(uid, Today, await WithinAsync(user, ct), ct);

    public async Task<TaskRightsOnTask> RightsAsync(ClaimsPrincipal user, TaskDetail task, CancellationToken ct = default)
    {
        var ownsIt = await scope.CanSeeAsync(user, task.OwnerUnitId, Today, ct);
        var canSee = ownsIt;
        foreach (var id in task.UnitIds.Skip(1))
        {
            canSee = canSee || await scope.CanSeeAsync(user, id, Today, ct);
        }

        return new TaskRightsOnTask(canSee, canSee && ownsIt && TaskRights.CanReport(user), canSee && ownsIt && TaskRights.CanAssign(user));
    }

    /// <summary>
    /// Builds the register's filter from query text: an unknown unit, state, source or a bad date is a problem named
    /// by its parameter. The reader's scope always applies.
    /// </summary>
    public async Task<(TaskFilter? Filter, OrgUnit? Unit, List<Problem> Problems)> FilterAsync(
        ClaimsPrincipal user, string? orgUnit, string? state, string? pillar, string? source, string? dueFrom, string? dueTo, string? q, string? accountable,
        int page, int pageSize, CancellationToken ct = default)
    {
        var problems = new List<Problem>();
        var today = Today;
        OrgUnit? unit = null;
        IReadOnlySet<int>? units = null;
        if (!string.IsNullOrWhiteSpace(orgUnit))
        {
            unit = await orgUnits.FindAsync(orgUnit.Trim(), today, ct);
            if (unit is null)
            {
                problems.Add(new Problem("orgUnit", new Msg($"Không có đơn vị mã {orgUnit} vào ngày {today.ToDisplay()}.", $"No unit has code {orgUnit} on {today.ToDisplay()}.")));
            }
            else
            {
                units = await orgUnits.SubtreeIdsAsync(unit.Id, today, ct);
            }
        }

        TaskState? st = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            st = ApiCodes.Parse<TaskState>(state);
            if (st is null)
            {
                problems.Add(new Problem("state", new Msg($"Trạng thái '{state}' không có; dùng {ApiCodes.Codes<TaskState>()}.", $"Unknown state '{state}'; use {ApiCodes.Codes<TaskState>()}.")));
            }
        }

        TaskSourceKind? src = null;
        if (!string.IsNullOrWhiteSpace(source))
        {
            src = ApiCodes.Parse<TaskSourceKind>(source);
            if (src is null)
            {
                problems.Add(new Problem("source", new Msg($"Nguồn '{source}' không có; dùng programme, plan, conclusion, directive hoặc other.",
                    $"Unknown source '{source}'; use programme, plan, conclusion, directive or other.")));
            }
        }

        HashSet<int>? pillars = null;
        if (!string.IsNullOrWhiteSpace(pillar))
        {
            pillars = (await TaskService.PillarIdsAsync(db, pillar, ct)).ToHashSet();
            if (pillars.Count == 0)
            {
                problems.Add(new Problem("pillar", new Msg($"Không có trụ cột '{pillar}'.", $"No pillar '{pillar}'.")));
            }
        }

        var from = ReadDate(dueFrom, "dueFrom", problems);
        var to = ReadDate(dueTo, "dueTo", problems);
        var within = await scope.VisibleIdsAsync(user, today, ct);
        return problems.Count > 0
            ? (null, unit, problems)
            : (new TaskFilter(today, within, units, st, from, to, src, q, string.IsNullOrWhiteSpace(accountable) ? null : accountable, Pillars: pillars, Page: page, PageSize: pageSize), unit, problems);
    }

    /// <summary>The unit ids of the reader's scope today, null for the whole country.</summary>
    public Task<IReadOnlySet<int>?> WithinAsync(ClaimsPrincipal user, CancellationToken ct = default) => scope.VisibleIdsAsync(user, Today, ct);

    public Task<bool> CanSeeUnitAsync(ClaimsPrincipal user, int unitId, CancellationToken ct = default) => scope.CanSeeAsync(user, unitId, Today, ct);

    public Task<OrgUnit?> FindUnitAsync(string code, CancellationToken ct = default) => orgUnits.FindAsync(code.Trim(), Today, ct);

    private static DateOnly? ReadDate(string? text, string field, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Dates.TryParseInput(text, out var date))
        {
            return date;
        }

        problems.Add(new Problem(field, new Msg($"'{text}' không phải ngày (yyyy-MM-dd hoặc dd/mm/yyyy).", $"'{text}' is not a date (yyyy-MM-dd or dd/mm/yyyy).")));
        return null;
    }
}
