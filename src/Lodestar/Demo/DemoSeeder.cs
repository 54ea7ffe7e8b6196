using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.People;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Demo;

/// <summary>
/// The demo province: Lạng Sơn (code 20, unchanged by the 2025 reform) with its provincial agencies, a few
/// villages, the heads of its units (with changes of head), community digital technology teams and tasks in every state.
/// Everything here is invented for demonstration and marked as not official; the people are fictional.
/// </summary>
public sealed class DemoSeeder(LodestarDbContext db, TimeProvider clock)
{
    public const string ProvinceCode = "20";

    // Provincial agencies after the 2025 reorganisation of departments (illustrative list).
    private static readonly (string Abbr, string Name, string Head)[] Agencies =
    [
        ("VP", "Văn phòng Ủy ban nhân dân tỉnh", "Chánh Văn phòng"),
        ("SNV", "Sở Nội vụ", "Giám đốc Sở"),
        ("STC", "Sở Tài chính", "Giám đốc Sở"),
        ("STP", "Sở Tư pháp", "Giám đốc Sở"),
        ("SKHCN", "Sở Khoa học và Công nghệ", "Giám đốc Sở"),
        ("SCT", "Sở Công Thương", "Giám đốc Sở"),
        ("SNNMT", "Sở Nông nghiệp và Môi trường", "Giám đốc Sở"),
        ("SXD", "Sở Xây dựng", "Giám đốc Sở"),
        ("SGDDT", "Sở Giáo dục và Đào tạo", "Giám đốc Sở"),
        ("SYT", "Sở Y tế", "Giám đốc Sở"),
        ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Giám đốc Sở"),
        ("SDTTG", "Sở Dân tộc và Tôn giáo", "Giám đốc Sở"),
        ("SNgV", "Sở Ngoại vụ", "Giám đốc Sở"),
        ("TTr", "Thanh tra tỉnh", "Chánh Thanh tra"),
        ("BQLKKT", "Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn", "Trưởng ban"),
        ("CA", "Công an tỉnh", "Giám đốc Công an tỉnh"),
        ("BCHQS", "Bộ Chỉ huy Quân sự tỉnh", "Chỉ huy trưởng"),
        ("TTPVHCC", "Trung tâm Phục vụ hành chính công tỉnh", "Giám đốc Trung tâm"),
        ("BPTTH", "Báo và Phát thanh, Truyền hình Lạng Sơn", "Tổng Biên tập"),
        ("VPDDBQH", "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", "Chánh Văn phòng"),
    ];

    private static readonly string[] VillageNames = ["Nà Tèo", "Khòn Pát", "Bản Chắt", "Pác Làng", "Nà Cạn", "Khuổi Mỏ", "Còn Nưa", "Bản Mới"];

    private static readonly string[] FamilyNames = ["Hoàng", "Nông", "Lương", "Vi", "Lăng", "Triệu", "Nguyễn", "Lành", "Hà", "Mông", "Chu", "Đinh", "Lộc", "Dương"];

    private static readonly string[] MiddleNames = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Quốc", "Hồng", "Ngọc", "Xuân"];

    private static readonly string[] GivenNames = ["Hùng", "Lan", "Tuấn", "Hoa", "Dũng", "Thắm", "Cường", "Mai", "Quang", "Hương", "Sơn", "Thảo", "Kiên", "Yến", "Phúc", "Duyên", "Tâm", "Bình"];

    private readonly Random _random = new(20);

    /// <summary>Whether the demo province is there: its first agency (not any unit under code 20, which others may add).</summary>
    public async Task<bool> IsSeededAsync(CancellationToken ct = default) =>
        await db.OrgUnits.AnyAsync(u => !u.IsOfficial && u.Code == ProvinceCode + "." + Agencies[0].Abbr, ct);

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (await IsSeededAsync(ct))
        {
            return;
        }

        var province = await db.OrgUnits.SingleAsync(u => u.Code == ProvinceCode && u.Level == OrgUnitLevel.Province && u.ValidTo == null, ct);
        var communes = await db.OrgUnitParents.ValidOn(Dates.Reform2025)
            .Where(l => l.ParentId == province.Id)
            .Select(l => l.Child)
            .OrderBy(c => c.Code)
            .ToListAsync(ct);

        db.SkipEntityAudit = true;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var heads = new List<(OrgUnit Unit, string Title)> { (province, "Chủ tịch Ủy ban nhân dân tỉnh") };
            var agencyFrom = new DateOnly(2025, 3, 1);
            foreach (var (abbr, name, head) in Agencies)
            {
                var agency = AddUnit($"{ProvinceCode}.{abbr}", name, name, name.StartsWith("Sở", StringComparison.Ordinal) ? "Sở" : "Cơ quan", OrgUnitLevel.Agency, province, agencyFrom);
                heads.Add((agency, head));
            }

            foreach (var commune in communes)
            {
                heads.Add((commune, $"Chủ tịch Ủy ban nhân dân {commune.Type.ToLowerInvariant()}"));
            }

            var villages = new List<OrgUnit>();
            foreach (var (commune, i) in communes.Take(6).Select((c, i) => (c, i)))
            {
                for (var v = 0; v < 3 + (i % 3); v++)
                {
                    var name = VillageNames[(i + v) % VillageNames.Length];
                    var type = v % 2 == 0 ? "Thôn" : "Bản";
                    villages.Add(AddUnit($"{commune.Code}.T{v + 1:00}", name, $"{type} {name}", type, OrgUnitLevel.Village, commune, Dates.Reform2025));
                }
            }

            await db.SaveChangesAsync(ct);

            AddHeads(heads, communes);
            AddTeams(communes, villages);
            await db.SaveChangesAsync(ct);
            await new TaskDemo(db, Dates.Today(clock)).SeedAsync(ct);
            await tx.CommitAsync(ct);
        }
        finally
        {
            db.SkipEntityAudit = false;
        }
    }

    private OrgUnit AddUnit(string code, string name, string fullName, string type, OrgUnitLevel level, OrgUnit parent, DateOnly from)
    {
        var unit = new OrgUnit { Code = code, Name = name, FullName = fullName, Type = type, Level = level, ValidFrom = from };
        db.OrgUnits.Add(unit);
        db.OrgUnitParents.Add(new OrgUnitParentLink { Child = unit, Parent = parent, ValidFrom = from });
        return unit;
    }

    /// <summary>Every unit gets a head; the province, one agency and every fifth commune change head in 2026.</summary>
    private void AddHeads(List<(OrgUnit Unit, string Title)> heads, List<OrgUnit> communes)
    {
        foreach (var (unit, title, index) in heads.Select((h, i) => (h.Unit, h.Title, i)))
        {
            var position = new Position { OrgUnit = unit, Title = title, IsHead = true };
            db.Positions.Add(position);
            var start = unit.ValidFrom is { } from && from > new DateOnly(2021, 6, 1) ? from : new DateOnly(2021, 6, 1);
            var changes = unit.Level == OrgUnitLevel.Province || index == 5 || (unit.Level == OrgUnitLevel.Commune && communes.IndexOf(unit) % 5 == 0);
            if (changes)
            {
                var handover = new DateOnly(2026, 3, 16);
                db.PositionTerms.Add(new PositionTerm { Position = position, Person = NewPerson(), StartOn = start, EndOn = handover.AddDays(-1) });
                db.PositionTerms.Add(new PositionTerm { Position = position, Person = NewPerson(), StartOn = handover, Note = "Điều động, bổ nhiệm (dữ liệu minh họa)" });
            }
            else
            {
                db.PositionTerms.Add(new PositionTerm { Position = position, Person = NewPerson(), StartOn = start });
            }

            if (unit.Level == OrgUnitLevel.Province)
            {
                var deputy = new Position { OrgUnit = unit, Title = "Phó Chủ tịch Ủy ban nhân dân tỉnh", SortOrder = 1 };
                db.Positions.Add(deputy);
                db.PositionTerms.Add(new PositionTerm { Position = deputy, Person = NewPerson(), StartOn = start });
            }
        }
    }

    private void AddTeams(List<OrgUnit> communes, List<OrgUnit> villages)
    {
        foreach (var unit in communes.Concat(villages))
        {
            var size = unit.Level == OrgUnitLevel.Commune ? 6 + _random.Next(5) : 3 + _random.Next(3);
            var members = Enumerable.Range(0, size).Select(_ => NewPerson()).ToList();
            var team = new DigitalTeam
            {
                OrgUnit = unit,
                Name = $"Tổ công nghệ số cộng đồng {unit.FullName}",
                FoundedOn = new DateOnly(2025, 7, 15).AddDays(_random.Next(60)),
                Leader = members[0],
            };
            team.Members.AddRange(members.Select(p => new DigitalTeamMember { Person = p, JoinedOn = team.FoundedOn }));
            db.DigitalTeams.Add(team);
        }
    }

    private Person NewPerson()
    {
        var name = $"{Pick(FamilyNames)} {Pick(MiddleNames)} {Pick(GivenNames)}";
        var person = new Person { FullName = name };
        db.People.Add(person);
        return person;
    }

    private string Pick(string[] options) => options[_random.Next(options.Length)];
}
