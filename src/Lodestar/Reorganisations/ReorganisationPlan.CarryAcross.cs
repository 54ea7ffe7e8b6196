using Lodestar.Common;
using Lodestar.Notifications;
using Lodestar.OrgUnits;
using Lodestar.Reporting;
using Lodestar.Tasks;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Reorganisations;

/// <summary>What hangs on the units that close, carried to their successors by the rules of src/Lodestar/OrgUnits/README.md.</summary>
internal sealed partial class ReorganisationPlan
{
    /// <summary>Units below a closing one follow its successor (a split names where each goes), then everything that hangs on a closing unit.</summary>
    public async Task CarryAcrossAsync(AccountsChoice accounts, CancellationToken ct)
    {
        foreach (var c in _closing.Values.Where(c => _closing.ContainsKey(c.Successor.Id)))
        {
            Fail("changes", $"{c.Successor.FullName} vừa nhận {c.Unit.FullName} vừa bị đóng trong cùng quyết định.", $"{c.Successor.FullName} both receives {c.Unit.FullName} and closes in the same decision.");
        }

        // A new code may reuse the code of a unit this decision closes (the 2025 reform did), never one that stays.
        foreach (var unit in _created)
        {
            var holders = await db.OrgUnits.ValidOn(d).Where(u => u.Code == unit.Code).Select(u => u.Id).ToListAsync(ct);
            if (holders.Any(id => !_closing.ContainsKey(id)))
            {
                Fail($"{_fields[unit]}.code", $"Mã {unit.Code} đang được đơn vị khác dùng vào ngày {d.ToDisplay()}.", $"Code {unit.Code} is used by another unit on {d.ToDisplay()}.");
            }
        }

        var ids = _closing.Keys.ToList();
        var children = await db.OrgUnitParents.ValidOn(_before).Where(l => ids.Contains(l.ParentId) && (l.Child.ValidTo == null || l.Child.ValidTo >= d))
            .Select(l => new { l.Child, l.ParentId }).ToListAsync(ct);
        foreach (var (child, parentId) in children.Select(c => (c.Child, c.ParentId)).Where(c => !_closing.ContainsKey(c.Child.Id) && !_parents.ContainsKey(c.Child)))
        {
            var closing = _closing[parentId];
            if (closing.Split)
            {
                Fail("changes", $"{child.FullName} thuộc {closing.Unit.FullName}, đơn vị bị chia tách: thêm một thay đổi move cho biết nó về đơn vị nào.",
                    $"{child.FullName} belongs to {closing.Unit.FullName}, which is split: add a move saying where it goes.");
                continue;
            }

            _parents[child] = closing.Successor;
            Add("child-moved", child.Code, closing.Unit.Code, closing.Successor.Code,
                new($"{child.FullName} chuyển về {closing.Successor.FullName}.", $"{child.FullName} moves to {closing.Successor.FullName}."));
        }

        if (problems.Count > 0 || ids.Count == 0)
        {
            return;
        }

        OrgUnit Heir(int id) => _closing[id].Successor;
        string From(int id) => _closing[id].Unit.Code;

        var obligations = await db.ReportFormUnits.Where(a => ids.Contains(a.OrgUnitId))
            .Select(a => new { a.FormId, a.OrgUnitId, db.ReportForms.First(f => f.Id == a.FormId).Code }).ToListAsync(ct);
        var heirIds = _closing.Values.Select(c => c.Successor.Id).ToList();
        var held = (await db.ReportFormUnits.Where(a => heirIds.Contains(a.OrgUnitId)).Select(a => new { a.FormId, a.OrgUnitId }).ToListAsync(ct))
            .Select(a => (a.FormId, a.OrgUnitId)).ToHashSet();
        foreach (var o in obligations)
        {
            var heir = Heir(o.OrgUnitId);
            if (!held.Add((o.FormId, heir.Id)))
            {
                continue;
            }

            db.ReportFormUnits.Add(new ReportFormUnit { FormId = o.FormId, OrgUnit = heir });
            Add("report-obligation", o.Code, From(o.OrgUnitId), heir.Code,
                new($"Biểu {o.Code}: {heir.FullName} báo cáo các kỳ kết thúc từ {d.ToDisplay()}.", $"Form {o.Code}: {heir.FullName} reports the periods ending from {d.ToDisplay()}."));
        }

        var drafts = await db.Reports.Where(r => ids.Contains(r.OrgUnitId) && (r.Status == ReportStatus.Draft || r.Status == ReportStatus.Returned))
            .Select(r => new { r.OrgUnitId, r.Period, r.Form.Code }).ToListAsync(ct);
        foreach (var r in drafts.Where(r => Period.TryParse(r.Period, out var p) && p.End >= d))
        {
            Add("report-draft", $"{r.Code}/{r.Period}", From(r.OrgUnitId), Heir(r.OrgUnitId).Code,
                new($"Báo cáo chưa nộp {r.Code} kỳ {r.Period} của {_closing[r.OrgUnitId].Unit.FullName} giữ lại làm hồ sơ; {Heir(r.OrgUnitId).FullName} nộp kỳ này.",
                    $"The unsubmitted report {r.Code} {r.Period} of {_closing[r.OrgUnitId].Unit.FullName} is kept as a record; {Heir(r.OrgUnitId).FullName} reports this period."));
        }

        foreach (var task in await db.Tasks.Include(t => t.CoUnits).Where(t => t.CompletedOn == null && t.CancelledOn == null
                     && (ids.Contains(t.OwnerUnitId) || t.CoUnits.Any(u => ids.Contains(u.OrgUnitId)))).ToListAsync(ct))
        {
            var owner = ids.Contains(task.OwnerUnitId) ? Heir(task.OwnerUnitId) : null;
            if (owner is not null)
            {
                var from = task.OwnerUnitId;
                task.OwnerUnit = owner;
                Add("task", task.Uid, From(from), Heir(from).Code,
                    new($"Nhiệm vụ \"{task.Title}\" chuyển sang {Heir(from).FullName}; trách nhiệm các hạn đã qua vẫn thuộc người giữ chức vụ lúc đó.",
                        $"Task \"{task.Title}\" moves to {Heir(from).FullName}; past deadlines stay with whoever held the post then."));
            }

            foreach (var co in task.CoUnits.Where(u => ids.Contains(u.OrgUnitId)).ToList())
            {
                task.CoUnits.Remove(co);
                var heir = Heir(co.OrgUnitId);
                var isOwner = owner is not null ? heir == owner : heir.Id == task.OwnerUnitId;
                if (!isOwner && !task.CoUnits.Any(u => u.OrgUnit == heir || u.OrgUnitId == heir.Id))
                {
                    task.CoUnits.Add(new TaskCoUnit { OrgUnit = heir });
                }
            }
        }

        foreach (var user in await db.Users.Where(u => u.ScopeUnitId != null && ids.Contains(u.ScopeUnitId.Value)).ToListAsync(ct))
        {
            var from = user.ScopeUnitId!.Value;
            var heir = Heir(from);
            Msg text;
            if (accounts == AccountsChoice.Lock)
            {
                user.LockoutEnd = DateTimeOffset.MaxValue;
                user.SecurityStamp = Guid.NewGuid().ToString("N");
                text = new($"Tài khoản {user.UserName} của {_closing[from].Unit.FullName} bị khóa từ khi ghi nhận.", $"Account {user.UserName} of {_closing[from].Unit.FullName} is locked when recorded.");
            }
            else
            {
                user.ScopeUnit = heir;
                user.SecurityStamp = Guid.NewGuid().ToString("N"); // signed-in sessions end: their scope claim names the closed unit
                text = new($"Tài khoản {user.UserName} chuyển phạm vi từ {_closing[from].Unit.FullName} sang {heir.FullName}.",
                    $"Account {user.UserName} moves from {_closing[from].Unit.FullName} to {heir.FullName}.");
            }

            Add("account", user.UserName ?? user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), From(from), accounts == AccountsChoice.Lock ? null : heir.Code, text);
            WorkNotices.Add(db, user.Id, NoticeKind.Reorganisation, $"reorganise:{From(from)}:{d.ToIso()}",
                new Msg($"{text.Vi} Căn cứ: sắp xếp đơn vị có hiệu lực {d.ToDisplay()}.", $"{text.En} Basis: the reorganisation in force on {d.ToDisplay()}."),
                "/org-units/reorganisations");
        }

        foreach (var key in await db.ApiKeys.Where(k => k.RevokedAt == null && k.ScopeUnitId != null && ids.Contains(k.ScopeUnitId.Value)).ToListAsync(ct))
        {
            var from = key.ScopeUnitId!.Value;
            if (accounts == AccountsChoice.Lock)
            {
                key.RevokedAt = db.UtcNow;
                key.RevokedBy = db.ActorName;
            }
            else
            {
                key.ScopeUnit = Heir(from);
            }

            Add("api-key", key.Prefix, From(from), accounts == AccountsChoice.Lock ? null : Heir(from).Code,
                accounts == AccountsChoice.Lock ? new($"Khóa API {key.Name} bị thu hồi.", $"API key {key.Name} is revoked.")
                    : new($"Khóa API {key.Name} chuyển sang {Heir(from).FullName}.", $"API key {key.Name} moves to {Heir(from).FullName}."));
        }

        foreach (var target in await db.Targets.Where(t => t.ResponsibleUnitId != null && ids.Contains(t.ResponsibleUnitId.Value)).ToListAsync(ct))
        {
            var from = target.ResponsibleUnitId!.Value;
            target.ResponsibleUnit = Heir(from);
            Add("target", target.Code, From(from), Heir(from).Code,
                new($"Chỉ tiêu {target.Code} do {Heir(from).FullName} chịu trách nhiệm.", $"Target {target.Code} becomes the responsibility of {Heir(from).FullName}."));
        }

        // A team closed before the day stays with the unit it served; an active one follows it.
        foreach (var team in await db.DigitalTeams.Where(t => ids.Contains(t.OrgUnitId) && (t.ClosedOn == null || t.ClosedOn >= d)).ToListAsync(ct))
        {
            var from = team.OrgUnitId;
            team.OrgUnit = Heir(from);
            Add("team", team.Name, From(from), Heir(from).Code,
                new($"Tổ công nghệ số \"{team.Name}\" chuyển về {Heir(from).FullName}.", $"Digital technology team \"{team.Name}\" moves to {Heir(from).FullName}."));
        }

        foreach (var a in await db.DtiAssessments.Where(a => ids.Contains(a.OrgUnitId) && a.Year >= d.Year)
                     .Select(a => new { a.OrgUnitId, a.Year, a.Framework.Code }).ToListAsync(ct))
        {
            Add("dti-assessment", $"{a.Code}/{a.Year}", From(a.OrgUnitId), Heir(a.OrgUnitId).Code,
                new($"Đánh giá DTI {a.Code} năm {a.Year} của {_closing[a.OrgUnitId].Unit.FullName} giữ nguyên; xếp hạng các năm sau theo đơn vị kế thừa.",
                    $"DTI assessment {a.Code} {a.Year} of {_closing[a.OrgUnitId].Unit.FullName} is kept; later years rank the successor."));
        }

        foreach (var term in await db.PositionTerms.Include(t => t.Position).Include(t => t.Person)
                     .Where(t => ids.Contains(t.Position.OrgUnitId) && (t.EndOn == null || t.EndOn >= d)).ToListAsync(ct))
        {
            term.EndOn = _before;
            Add("post-term", term.Person.FullName, From(term.Position.OrgUnitId), null,
                new($"{term.Person.FullName} ({term.Position.Title}) kết thúc nhiệm kỳ ngày {_before.ToDisplay()}.", $"{term.Person.FullName} ({term.Position.Title}) ends the term on {_before.ToDisplay()}."));
        }

        foreach (var c in _closing.Values)
        {
            c.Unit.ValidTo = _before;
        }

        // The links of closing and moving units end the day before; moving units get new ones (Stamp).
        var ending = ids.Concat(_parents.Keys.Where(u => !_created.Contains(u)).Select(u => u.Id)).ToList();
        foreach (var link in await db.OrgUnitParents.Where(l => ending.Contains(l.ChildId) && (l.ValidTo == null || l.ValidTo >= d)).ToListAsync(ct))
        {
            link.ValidTo = _before;
        }
    }
}
