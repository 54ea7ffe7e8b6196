using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Dti;
using Lodestar.OrgUnits;
using Lodestar.Tasks;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Steering;

/// <summary>
/// The demo's steering committee: its members (when none are there yet), the meetings of the two quarters before the
/// current one — each held, with an issued pack, attendees and conclusions that became tasks — and the current
/// quarter's meeting planned, its pack ready to generate. Dates follow today so the demo stays current. Invented.
/// </summary>
public sealed class SteeringDemo(LodestarDbContext db, DashboardQueries dashboards, TimeProvider clock)
{
    private static readonly (string Unit, SteeringRole Role, string Owns)[] Seats =
    [
        ("20", SteeringRole.Head, ""),
        ("20", SteeringRole.StandingDeputy, "LS-SO:1;LS-XA:1"),
        ("20.SKHCN", SteeringRole.Member, "LS-SO:3;LS-XA:3"),
        ("20.SNV", SteeringRole.Member, "LS-SO:4;LS-XA:4"),
        ("20.VP", SteeringRole.Member, "LS-SO:2"),
        ("20.TTPVHCC", SteeringRole.Member, "LS-XA:5"),
    ];

    private static readonly (string Text, string? Owner, int Months)[][] Conclusions =
    [
        [
            ("Sở Khoa học và Công nghệ chủ trì rà soát, đề xuất giải pháp nâng tỷ lệ hồ sơ trực tuyến toàn trình ở các xã còn thấp.", "20.SKHCN", 3),
            ("Sở Nội vụ tổ chức tập huấn kỹ năng số cho cán bộ cấp xã mới sau sắp xếp.", "20.SNV", 2),
            ("Trung tâm Phục vụ hành chính công tỉnh công khai hằng tháng tỷ lệ hồ sơ trực tuyến của từng xã.", "20.TTPVHCC", 6),
            ("Các sở, ngành tiếp tục thực hiện nghiêm chế độ báo cáo định kỳ.", null, 0),
        ],
        [
            ("Văn phòng UBND tỉnh đôn đốc các đơn vị có nhiệm vụ quá hạn, báo cáo nguyên nhân trước cuộc họp quý sau.", "20.VP", 1),
            ("Sở Tài chính bố trí kinh phí chuyển đổi số năm 2027 theo kế hoạch đã được phê duyệt.", "20.STC", 2),
            ("Sở Khoa học và Công nghệ hoàn thành kết nối mạng truyền số liệu chuyên dùng đến các xã.", "20.SKHCN", 5),
        ],
    ];

    public async Task<bool> IsSeededAsync(CancellationToken ct = default) => await db.SteeringMeetings.AnyAsync(ct);

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (await IsSeededAsync(ct))
        {
            return;
        }

        var today = Dates.Today(clock);
        var province = await db.OrgUnits.SingleAsync(u => u.Code == Demo.DemoSeeder.ProvinceCode && u.Level == OrgUnitLevel.Province && u.ValidTo == null, ct);
        await SeatsAsync(province, ct);

        var current = new Period(PeriodType.Quarter, today.Year, ((today.Month - 1) / 3) + 1);
        var quarters = new[] { Previous(Previous(current)), Previous(current) };
        for (var i = 0; i < quarters.Length; i++)
        {
            var q = quarters[i];
            var held = q.End.AddDays(10) < today ? q.End.AddDays(10) : today.AddDays(-1);
            var meeting = new SteeringMeeting
            {
                ProvinceId = province.Id, Quarter = q.Code, Title = MeetingService.DefaultTitle(q), MeetsOn = held, HeldOn = held,
                Place = "Phòng họp số 1, Trụ sở UBND tỉnh Lạng Sơn",
                ConclusionNumber = $"{112 + (i * 37)}/TB-BCĐ",
            };
            db.SteeringMeetings.Add(meeting);
            await db.SaveChangesAsync(ct);
            var chair = await HolderAsync(province.Id, true, held, ct);
            meeting.Chair = chair is null ? "Chủ tịch UBND tỉnh, Trưởng ban" : $"{chair} – Chủ tịch UBND tỉnh, Trưởng ban";
            meeting.Attendees = string.Join("\n", await AttendeesAsync(province.Id, held, ct));

            // The pack is generated two days before and issued the day before the meeting, from the figures of that day.
            var at = new FixedClock(held.AddDays(-2));
            var service = new MeetingService(db, dashboards, new TaskService(db, at), at);
            await service.GenerateAsync(meeting.Uid, held.AddDays(-2), ct);
            await new MeetingService(db, dashboards, new TaskService(db, new FixedClock(held.AddDays(-1))), new FixedClock(held.AddDays(-1)))
                .IssueAsync(meeting.Uid, $"{28 + (i * 13)}/BC-BCĐ", ct);

            var onTheDay = new FixedClock(held);
            var record = new MeetingService(db, dashboards, new TaskService(db, onTheDay), onTheDay);
            foreach (var (text, owner, months) in Conclusions[i])
            {
                var task = owner is null ? null : new TaskInput
                {
                    OwnerUnit = owner,
                    Deadline = held.AddMonths(months).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    Priority = "high",
                };
                var outcome = await record.ConcludeAsync(meeting.Uid, new NewConclusion(text, task), null, ct);
                if (!outcome.Succeeded)
                {
                    throw new InvalidOperationException("Demo conclusion: " + string.Join(" ", outcome.Problems.Select(p => p.Message.En)));
                }
            }
        }

        // The older meeting's tasks moved on: one done on time, one under way; the rest as assigned.
        var older = await db.MeetingConclusions.Where(c => c.Meeting.Quarter == quarters[0].Code && c.TaskId != null).OrderBy(c => c.SortOrder)
            .Select(c => c.Task!).ToListAsync(ct);
        if (older.Count >= 2)
        {
            older[0].HasProgress = true;
            older[0].Percent = 100;
            older[0].CompletedOn = older[0].Deadline.AddDays(-12) < today ? older[0].Deadline.AddDays(-12) : today;
            older[1].HasProgress = true;
            older[1].Percent = 60;
        }

        var next = current.End.AddDays(-12) > today ? current.End.AddDays(-12) : today.AddDays(7);
        db.SteeringMeetings.Add(new SteeringMeeting
        {
            ProvinceId = province.Id, Quarter = current.Code, Title = MeetingService.DefaultTitle(current), MeetsOn = next,
            Place = "Phòng họp số 1, Trụ sở UBND tỉnh Lạng Sơn",
        });
        await db.SaveChangesAsync(ct);
    }

    private static Period Previous(Period q) => q.Index > 1 ? q with { Index = q.Index - 1 } : new Period(PeriodType.Quarter, q.Year - 1, 4);

    /// <summary>The committee's seats, unless someone (the DTI pages) already set them up.</summary>
    private async Task SeatsAsync(OrgUnit province, CancellationToken ct)
    {
        if (await db.DtiSteeringMembers.AnyAsync(m => m.ProvinceId == province.Id, ct))
        {
            return;
        }

        var order = 0;
        foreach (var (code, role, owns) in Seats)
        {
            var position = await db.Positions.Where(p => p.OrgUnit.Code == code && p.OrgUnit.ValidTo == null)
                .OrderByDescending(p => role == SteeringRole.StandingDeputy ? !p.IsHead : p.IsHead).ThenBy(p => p.SortOrder)
                .FirstOrDefaultAsync(ct);
            if (position is not null)
            {
                db.DtiSteeringMembers.Add(new DtiSteeringMember { ProvinceId = province.Id, PositionId = position.Id, Role = role, SortOrder = order++, Owns = owns });
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private async Task<string?> HolderAsync(int unitId, bool head, DateOnly on, CancellationToken ct) =>
        await db.PositionTerms.Where(t => t.Position.OrgUnitId == unitId && t.Position.IsHead == head && t.StartOn <= on && (t.EndOn == null || t.EndOn >= on))
            .Select(t => t.Person.FullName).FirstOrDefaultAsync(ct);

    private async Task<List<string>> AttendeesAsync(int provinceId, DateOnly on, CancellationToken ct)
    {
        var rows = await db.DtiSteeringMembers.Where(m => m.ProvinceId == provinceId).OrderBy(m => m.SortOrder)
            .Select(m => new
            {
                m.Position.Title, Unit = m.Position.OrgUnit.Name,
                Person = db.PositionTerms.Where(t => t.PositionId == m.PositionId && t.StartOn <= on && (t.EndOn == null || t.EndOn >= on)).Select(t => t.Person.FullName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.ConvertAll(r => $"{r.Person ?? "(chưa có người giữ chức vụ)"} – {DashboardQueries.SeatName(r.Title, r.Unit)}");
    }

    /// <summary>A clock stopped at noon (Vietnam) of a day: the demo writes what happened on past days.</summary>
    private sealed class FixedClock(DateOnly day) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(day.ToDateTime(new TimeOnly(5, 0)), TimeSpan.Zero);
    }
}
