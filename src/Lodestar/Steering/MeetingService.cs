using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Tasks;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Steering;

public sealed record MeetingItem(string Uid, string Quarter, string Title, DateOnly MeetsOn, DateOnly? HeldOn, string ProvinceCode,
    string PackState, string? PackNumber, int Conclusions, int Tasks);

public sealed record ConclusionItem(string Uid, int Number, string Text, string? TaskUid, string? TaskTitle, string? TaskUnit, DateOnly? TaskDeadline, TaskState? TaskState);

public sealed record PackView(string Number, string State, string Text, string TextEn, bool Edited, DateTime GeneratedAt, string GeneratedBy,
    DateTime? IssuedAt, string? IssuedBy, int Version, Dashboard? Data);

public sealed record MeetingDetail(string Uid, string Quarter, string Title, DateOnly MeetsOn, string? Place, DateOnly? HeldOn, string? Chair,
    IReadOnlyList<string> Attendees, string? ConclusionNumber, string ProvinceCode, string ProvinceName, string ProvinceFullName, int Version,
    PackView? Pack, IReadOnlyList<ConclusionItem> Conclusions);

/// <summary>Where a task came from when a meeting's conclusion assigned it.</summary>
public sealed record TaskOrigin(string MeetingUid, string MeetingTitle, DateOnly? HeldOn, int Conclusion, string Text);

public sealed record NewMeeting(string? Quarter, string? MeetsOn, string? Title, string? Place);

public sealed record MeetingRecord(string? HeldOn, string? Chair, string? Attendees, string? ConclusionNumber);

/// <summary>A conclusion; with <see cref="Task"/> it assigns work and becomes a task of the register.</summary>
public sealed record NewConclusion(string? Text, TaskInput? Task);

/// <summary>
/// The quarterly meeting: plan it, generate the briefing pack from <see cref="DashboardQueries"/>, edit and issue it,
/// keep the record (attendees, conclusions), and turn each conclusion that assigns work into a task through
/// <see cref="TaskService"/> so every rule of the register applies. Rules in Steering/README.md.
/// </summary>
public sealed class MeetingService(LodestarDbContext db, DashboardQueries dashboards, TaskService tasks, TimeProvider clock)
{
    public async Task<List<MeetingItem>> ListAsync(IReadOnlySet<int>? within, CancellationToken ct = default)
    {
        var rows = await db.SteeringMeetings.AsNoTracking()
            .Where(m => within == null || within.Contains(m.ProvinceId))
            .OrderByDescending(m => m.MeetsOn)
            .Select(m => new
            {
                m.Uid, m.Quarter, m.Title, m.MeetsOn, m.HeldOn, m.Province.Code,
                Issued = m.Pack != null && m.Pack.IssuedAt != null, HasPack = m.Pack != null, Number = m.Pack == null ? null : m.Pack.Number,
                Conclusions = m.Conclusions.Count, Tasks = m.Conclusions.Count(c => c.TaskId != null),
            })
            .ToListAsync(ct);
        return rows.ConvertAll(r => new MeetingItem(r.Uid, r.Quarter, r.Title, r.MeetsOn, r.HeldOn, r.Code,
            r.Issued ? "issued" : r.HasPack ? "draft" : "none", r.Issued ? r.Number : null, r.Conclusions, r.Tasks));
    }

    public async Task<MeetingDetail?> GetAsync(string uid, CancellationToken ct = default)
    {
        var m = await db.SteeringMeetings.AsNoTracking().Include(x => x.Province).Include(x => x.Pack)
            .SingleOrDefaultAsync(x => x.Uid == uid, ct);
        if (m is null)
        {
            return null;
        }

        var today = Dates.Today(clock);
        // The province as it was named on the meeting's day; each task's owner as the task lists name it.
        await db.OrgUnitNames.NameAsOfAsync([m.Province], m.MeetsOn, ct);
        var conclusions = await db.MeetingConclusions.AsNoTracking().Where(c => c.MeetingId == m.Id).OrderBy(c => c.SortOrder)
            .Select(c => new
            {
                c.Uid, c.SortOrder, c.Text,
                Task = c.Task == null ? null : new { c.Task.Uid, c.Task.Title, c.Task.OwnerUnitId, c.Task.OwnerUnit.FullName, c.Task.Deadline, c.Task.ExtendedTo, c.Task.HasProgress, c.Task.CompletedOn, c.Task.CancelledOn },
            })
            .ToListAsync(ct);
        var owners = await db.OrgUnitNames.PastNamesAsync([.. conclusions.Where(c => c.Task is not null).Select(c => c.Task!.OwnerUnitId).Distinct()], ct);
        var items = conclusions.ConvertAll(c => new ConclusionItem(c.Uid, c.SortOrder, c.Text, c.Task?.Uid, c.Task?.Title,
            c.Task is { } o ? owners.FullName(o.OwnerUnitId, o.FullName, TaskStates.AnsweredOn(o.Deadline, today)) : null, c.Task?.Deadline,
            c.Task is { } t ? TaskStates.Compute(new TaskFacts(t.Deadline, t.ExtendedTo, t.HasProgress, t.CompletedOn, t.CancelledOn), today) : null));
        return new MeetingDetail(m.Uid, m.Quarter, m.Title, m.MeetsOn, m.Place, m.HeldOn, m.Chair,
            (m.Attendees ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), m.ConclusionNumber,
            m.Province.Code, m.Province.Name, m.Province.FullName, m.Version, m.Pack is { } p ? View(p) : null, items);
    }

    private static PackView View(BriefingPack p) =>
        new(p.Number, p.IsIssued ? "issued" : "draft", p.Text, p.TextEn, p.Edited, p.GeneratedAt, p.GeneratedBy, p.IssuedAt, p.IssuedBy, p.Version, PackData.Read(p.Data));

    /// <summary>The meeting and conclusion that assigned a task, if any.</summary>
    public async Task<TaskOrigin?> OriginOfTaskAsync(string taskUid, CancellationToken ct = default) =>
        await db.MeetingConclusions.AsNoTracking().Where(c => c.Task != null && c.Task.Uid == taskUid)
            .Select(c => new TaskOrigin(c.Meeting.Uid, c.Meeting.Title, c.Meeting.HeldOn, c.SortOrder, c.Text))
            .FirstOrDefaultAsync(ct);

    public async Task<Outcome<SteeringMeeting>> CreateAsync(OrgUnit province, NewMeeting input, CancellationToken ct = default)
    {
        var problems = new List<Problem>();
        void Add(string field, string vi, string en) => problems.Add(new Problem(field, new Msg(vi, en)));
        Period quarter = default;
        if (!Period.TryParse(input.Quarter?.Trim(), out quarter) || quarter.Type != PeriodType.Quarter)
        {
            Add("quarter", $"Quý '{input.Quarter}' không hợp lệ; dùng dạng 2026Q3.", $"Quarter '{input.Quarter}' is not valid; use the form 2026Q3.");
        }

        if (!Dates.TryParseInput(input.MeetsOn, out var meetsOn))
        {
            Add("meetsOn", $"Ngày họp '{input.MeetsOn}' không hợp lệ (dd/mm/yyyy).", $"The meeting date '{input.MeetsOn}' is not a date (dd/mm/yyyy).");
        }

        var title = TextFold.Clean(input.Title);
        if (title.Length > 500)
        {
            Add("title", "Tên cuộc họp tối đa 500 ký tự.", "The title has at most 500 characters.");
        }

        if (problems.Count > 0)
        {
            return Outcome<SteeringMeeting>.Fail(problems);
        }

        var meeting = new SteeringMeeting
        {
            ProvinceId = province.Id,
            Quarter = quarter.Code,
            Title = title.Length > 0 ? title : DefaultTitle(quarter),
            MeetsOn = meetsOn,
            Place = TextFold.Clean(input.Place) is { Length: > 0 } place ? place : null,
        };
        db.SteeringMeetings.Add(meeting);
        await db.SaveChangesAsync(ct);
        return Outcome<SteeringMeeting>.Ok(meeting);
    }

    public static string DefaultTitle(Period quarter) =>
        $"Cuộc họp Ban Chỉ đạo chuyển đổi số quý {Roman(quarter.Index)} năm {quarter.Year}";

    public static string Roman(int quarter) => quarter switch { 1 => "I", 2 => "II", 3 => "III", _ => "IV" };

    /// <summary>
    /// Builds the pack from the dashboard of the meeting's province, its quarter's year and <paramref name="asOf"/>
    /// (default today): the figures are frozen in the pack and the text is written from them. A draft is replaced
    /// (with its edits); an issued pack is refused.
    /// </summary>
    public async Task<Outcome<BriefingPack>> GenerateAsync(string uid, DateOnly? asOf = null, CancellationToken ct = default)
    {
        var meeting = await db.SteeringMeetings.Include(m => m.Pack).Include(m => m.Province).SingleOrDefaultAsync(m => m.Uid == uid, ct);
        if (meeting is null)
        {
            return NotFound<BriefingPack>();
        }

        if (meeting.Pack?.IsIssued == true)
        {
            return Outcome<BriefingPack>.Fail("pack", "Báo cáo đã ban hành nên không thể tạo lại.", "The pack has been issued, so it cannot be generated again.");
        }

        var day = asOf ?? Dates.Today(clock);
        var data = await dashboards.BuildAsync(meeting.Province, Period.OfYear(Period.Parse(meeting.Quarter).Year), day, ct);
        var pack = meeting.Pack ?? new BriefingPack { MeetingId = meeting.Id, Number = "…/BC-BCĐ" };
        pack.Data = PackData.Write(data);
        pack.Text = BriefingText.Write(data);
        pack.TextEn = BriefingText.Write(data, english: true);
        pack.Edited = false;
        pack.GeneratedAt = clock.GetUtcNow().UtcDateTime;
        pack.GeneratedBy = db.ActorName;
        pack.Version++;
        meeting.Pack ??= pack;
        await db.SaveChangesAsync(ct);
        return Outcome<BriefingPack>.Ok(pack);
    }

    /// <summary>Saves the edited text of a draft pack; <paramref name="version"/> guards against overwriting another edit.</summary>
    public async Task<Outcome<BriefingPack>> EditAsync(string uid, string? text, string? textEn, int? version, CancellationToken ct = default)
    {
        var pack = await db.BriefingPacks.SingleOrDefaultAsync(p => db.SteeringMeetings.Any(m => m.Uid == uid && m.Id == p.MeetingId), ct);
        if (pack is null)
        {
            return Outcome<BriefingPack>.Fail("pack", "Cuộc họp chưa có báo cáo; hãy tạo báo cáo trước.", "The meeting has no pack yet; generate it first.");
        }

        if (pack.IsIssued)
        {
            return Outcome<BriefingPack>.Fail("text", "Báo cáo đã ban hành nên không sửa được.", "The pack has been issued and can no longer be edited.");
        }

        if (version is { } v && v != pack.Version)
        {
            return Outcome<BriefingPack>.Fail("version", "Báo cáo vừa được người khác sửa hoặc tạo lại; hãy mở lại trang.", "Someone else changed or regenerated the pack; reload the page.");
        }

        var clean = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (clean.Length is 0 or > 50_000)
        {
            return Outcome<BriefingPack>.Fail("text", "Nội dung báo cáo phải có từ 1 đến 50.000 ký tự.", "The text must have 1 to 50,000 characters.");
        }

        pack.Text = clean;
        if (textEn is not null)
        {
            pack.TextEn = textEn.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        }

        pack.Edited = true;
        pack.Version++;
        await db.SaveChangesAsync(ct);
        return Outcome<BriefingPack>.Ok(pack);
    }

    /// <summary>Issues the pack under a number (e.g. 45/BC-BCĐ): from then on it is frozen, with who and when.</summary>
    public async Task<Outcome<BriefingPack>> IssueAsync(string uid, string? number, CancellationToken ct = default)
    {
        var pack = await db.BriefingPacks.SingleOrDefaultAsync(p => db.SteeringMeetings.Any(m => m.Uid == uid && m.Id == p.MeetingId), ct);
        if (pack is null)
        {
            return Outcome<BriefingPack>.Fail("pack", "Cuộc họp chưa có báo cáo; hãy tạo báo cáo trước.", "The meeting has no pack yet; generate it first.");
        }

        if (pack.IsIssued)
        {
            return Outcome<BriefingPack>.Fail("pack", "Báo cáo đã được ban hành.", "The pack has already been issued.");
        }

        var n = TextFold.Clean(number);
        if (n.Length is 0 or > 64)
        {
            return Outcome<BriefingPack>.Fail("number", "Nhập số văn bản (ví dụ 45/BC-BCĐ).", "Enter the document number (e.g. 45/BC-BCĐ).");
        }

        pack.Number = n.Contains('/', StringComparison.Ordinal) ? n : $"{n}/BC-BCĐ";
        pack.IssuedAt = clock.GetUtcNow().UtcDateTime;
        pack.IssuedBy = db.ActorName;
        pack.Version++;
        await db.SaveChangesAsync(ct);
        return Outcome<BriefingPack>.Ok(pack);
    }

    /// <summary>Keeps the record of the meeting: the day it was held, the chair, the attendees, the conclusion notice's number.</summary>
    public async Task<Outcome<SteeringMeeting>> RecordAsync(string uid, MeetingRecord input, CancellationToken ct = default)
    {
        var meeting = await db.SteeringMeetings.SingleOrDefaultAsync(m => m.Uid == uid, ct);
        if (meeting is null)
        {
            return NotFound<SteeringMeeting>();
        }

        if (!Dates.TryParseInput(input.HeldOn, out var heldOn))
        {
            return Outcome<SteeringMeeting>.Fail("heldOn", $"Ngày họp '{input.HeldOn}' không hợp lệ (dd/mm/yyyy).", $"The date held '{input.HeldOn}' is not a date (dd/mm/yyyy).");
        }

        if (heldOn > Dates.Today(clock))
        {
            return Outcome<SteeringMeeting>.Fail("heldOn", "Ngày họp không được sau hôm nay.", "The meeting cannot have been held after today.");
        }

        meeting.HeldOn = heldOn;
        meeting.Chair = TextFold.Clean(input.Chair) is { Length: > 0 } chair ? chair : null;
        var attendees = (input.Attendees ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        meeting.Attendees = attendees.Length == 0 ? null : string.Join("\n", attendees);
        meeting.ConclusionNumber = TextFold.Clean(input.ConclusionNumber) is { Length: > 0 } number ? number : null;
        meeting.Version++;
        await db.SaveChangesAsync(ct);
        return Outcome<SteeringMeeting>.Ok(meeting);
    }

    /// <summary>
    /// Adds a conclusion to a held meeting. With a task it assigns work: the task is checked by the register's own rules
    /// (source "conclusion", the notice's number and the meeting's date filled in) and saved with the conclusion, or
    /// nothing is saved. <paramref name="within"/> bounds the owner unit (the assigner's scope).
    /// </summary>
    public async Task<Outcome<MeetingConclusion>> ConcludeAsync(string uid, NewConclusion input, IReadOnlySet<int>? within, CancellationToken ct = default)
    {
        var meeting = await db.SteeringMeetings.Include(m => m.Conclusions).SingleOrDefaultAsync(m => m.Uid == uid, ct);
        if (meeting is null)
        {
            return NotFound<MeetingConclusion>();
        }

        if (meeting.HeldOn is null)
        {
            return Outcome<MeetingConclusion>.Fail("heldOn", "Ghi ngày họp (biên bản) trước khi ghi kết luận.", "Record the day the meeting was held before its conclusions.");
        }

        var text = TextFold.Clean(input.Text);
        var problems = new List<Problem>();
        if (text.Length is 0 or > 2000)
        {
            problems.Add(new Problem("text", new Msg("Nội dung kết luận phải có từ 1 đến 2.000 ký tự.", "The conclusion must have 1 to 2,000 characters.")));
        }

        WorkTask? task = null;
        if (input.Task is { } t)
        {
            var source = t with
            {
                Title = string.IsNullOrWhiteSpace(t.Title) ? Shorten(text) : t.Title,
                Description = t.Description ?? text,
                SourceKind = "conclusion",
                SourceNumber = meeting.ConclusionNumber ?? meeting.Title,
                SourceDate = meeting.HeldOn.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            };
            (task, var taskProblems) = await tasks.ValidateAsync(source, within, ct);
            problems.AddRange(taskProblems.Select(p => p with { Field = "task." + p.Field }));
        }

        if (problems.Count > 0)
        {
            return Outcome<MeetingConclusion>.Fail(problems);
        }

        var conclusion = new MeetingConclusion
        {
            Meeting = meeting,
            SortOrder = meeting.Conclusions.Count == 0 ? 1 : meeting.Conclusions.Max(c => c.SortOrder) + 1,
            Text = text,
            Task = task,
        };
        if (task is not null)
        {
            db.Tasks.Add(task);
        }

        db.MeetingConclusions.Add(conclusion);
        await db.SaveChangesAsync(ct);
        return Outcome<MeetingConclusion>.Ok(conclusion);
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..197] + "…";

    private static Outcome<T> NotFound<T>() => Outcome<T>.Fail("meeting", "Không tìm thấy cuộc họp.", "Meeting not found.");
}
