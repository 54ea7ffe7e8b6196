using Lodestar.Data;
using Lodestar.Dti;
using Lodestar.OrgUnits;
using Lodestar.People;
using Lodestar.Progress;
using Lodestar.Reporting;
using Lodestar.Scorecards;
using Lodestar.Tasks;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Scorecards;

/// <summary>Scorecards built from the register on a real database: a change of head mid-year splits the year.</summary>
public sealed class ScorecardServiceTests : DatabaseTest
{
    private readonly TestClock _clock = new(new DateOnly(2026, 5, 10));

    private LodestarDbContext Db(string actor = "dx.office") => Database.Context(new NamedActor(actor), _clock);

    private ScorecardService Service(LodestarDbContext db)
    {
        var reporting = new ReportingService(db, new DataValueService(db, new OrgUnitQueries(db)), _clock);
        return new ScorecardService(db, new ProgressService(db), reporting, new ReportQueries(db, reporting), new DtiQueries(db), ScorecardRules.Default);
    }

    /// <summary>
    /// Agency 20.SNV: head Nông Văn A until 15/03/2026, Lương Thị B from 16/03/2026; a deputy position too.
    /// Tasks (deadline → what happened; whose):
    /// 31/01 done 20/01 on time (A) · 28/02 done 20/03 late (A, although done under B) · 15/03 open → overdue (A, his last day)
    /// 16/03 done 16/03 on time (B) · 30/04 open → overdue (B) · 30/06 open, not yet due (B) · 31/05 cancelled (nobody)
    /// 31/03 accountable: the deputy (not the head's) · 31/12/2025 last year (nobody this year).
    /// </summary>
    private async Task<OrgUnit> ArrangeAsync()
    {
        await using var db = Db();
        var province = await db.AddUnitAsync("20", OrgUnitLevel.Province, fullName: "Tỉnh Lạng Sơn");
        var agency = await db.AddUnitAsync("20.SNV", OrgUnitLevel.Agency, province, fullName: "Sở Nội vụ");
        var people = new PeopleService(db);
        var head = (await people.AddPositionAsync(agency.Id, "Giám đốc Sở", null, isHead: true)).Value!;
        var deputy = (await people.AddPositionAsync(agency.Id, "Phó Giám đốc Sở", null, isHead: false)).Value!;
        await people.AppointAsync(head.Id, "Nông Văn A", new DateOnly(2024, 1, 1), null);
        await people.AppointAsync(head.Id, "Lương Thị B", new DateOnly(2026, 3, 16), null);
        await people.AppointAsync(deputy.Id, "Hoàng Văn C", new DateOnly(2024, 1, 1), null);
        void Add(string title, DateOnly deadline, DateOnly? completed = null, DateOnly? cancelled = null, int? position = null) =>
            db.Tasks.Add(new WorkTask
            {
                Title = title, OwnerUnitId = agency.Id, AssignedOn = new DateOnly(2025, 12, 1), Deadline = deadline, CompletedOn = completed,
                CancelledOn = cancelled, AccountablePositionId = position, HasProgress = completed is not null,
            });
        Add("T1 tháng 1", new DateOnly(2026, 1, 31), completed: new DateOnly(2026, 1, 20));
        Add("T2 tháng 2", new DateOnly(2026, 2, 28), completed: new DateOnly(2026, 3, 20));
        Add("T3 ngày 15/3", new DateOnly(2026, 3, 15));
        Add("T4 ngày 16/3", new DateOnly(2026, 3, 16), completed: new DateOnly(2026, 3, 16), position: head.Id);
        Add("T5 tháng 4", new DateOnly(2026, 4, 30));
        Add("T6 tháng 6", new DateOnly(2026, 6, 30));
        Add("T7 đã hủy", new DateOnly(2026, 5, 31), cancelled: new DateOnly(2026, 4, 1));
        Add("T8 của phó giám đốc", new DateOnly(2026, 3, 31), position: deputy.Id);
        Add("T9 năm trước", new DateOnly(2025, 12, 31));
        await db.SaveChangesAsync();
        return agency;
    }

    [Fact]
    public async Task ForUnit_ChangeOfHeadMidYear_GivesTwoScorecardsEachWithHisPartOfTheYear()
    {
        var agency = await ArrangeAsync();
        await using var db = Db();

        var cards = await Service(db).ForUnitAsync(agency, 2026, _clock.Today);

        Assert.Equal(["Nông Văn A", "Lương Thị B"], cards.Select(c => c.Person).ToArray());
        var (a, b) = (cards[0], cards[1]);
        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 15)), (a.From, a.To));
        Assert.Equal((new DateOnly(2026, 3, 16), new DateOnly(2026, 12, 31)), (b.From, b.To));
        Assert.Equal(["T1 tháng 1", "T2 tháng 2", "T3 ngày 15/3"], a.Tasks.Select(t => t.Title).ToArray());
        Assert.Equal(["T4 ngày 16/3", "T5 tháng 4", "T6 tháng 6"], b.Tasks.Select(t => t.Title).ToArray());
    }

    public static TheoryData<int, int, int, int, int, double> Attribution => new()
    {
        // holder, on time, late, overdue, open (not yet due), tasks score
        { 0, 1, 1, 1, 0, 50.0 },     // A: (100 + 50 + 0) / 3
        { 1, 1, 0, 1, 1, 50.0 },     // B: (100 + 0) / 2; T6 not yet due is left out
    };

    [Theory]
    [MemberData(nameof(Attribution))]
    public async Task ForUnit_EachTaskCountsAgainstTheHolderOnItsDeadline(int holder, int onTime, int late, int overdue, int open, double score)
    {
        var agency = await ArrangeAsync();
        await using var db = Db();

        var card = (await Service(db).ForUnitAsync(agency, 2026, _clock.Today))[holder];

        Assert.Equal((onTime, late, overdue, open), (card.Input.TasksOnTime, card.Input.TasksLate, card.Input.TasksOverdue, card.TasksOpen));
        Assert.Equal(score, card.Composition.Parts.Single(p => p.Part == ScorecardPart.Tasks).Score);
        // Tasks is the only part with figures here (30 of 100 weight): not enough data for a composite or a rating.
        Assert.Null(card.Composition.Composite);
        Assert.Null(card.Composition.Rating);
    }

    [Fact]
    public async Task ForUnit_PreviousYear_BelongsToTheFirstHolderOnly()
    {
        var agency = await ArrangeAsync();
        await using var db = Db();

        var card = Assert.Single(await Service(db).ForUnitAsync(agency, 2025, _clock.Today));

        Assert.Equal("Nông Văn A", card.Person);
        Assert.Equal("T9 năm trước", Assert.Single(card.Tasks).Title);
        Assert.Equal(1, card.Input.TasksOverdue);
    }

    [Fact]
    public async Task SaveNote_KeepsWhoAndWhen_AndTheEvaluatorSeesIt()
    {
        var agency = await ArrangeAsync();
        string uid;
        await using (var db = Db())
        {
            uid = (await Service(db).ForUnitAsync(agency, 2026, _clock.Today))[0].PersonUid;
        }

        await using (var head = Db("giamdoc.snv"))
        {
            var bad = await Service(head).SaveNoteAsync(agency, uid, 2026, "   ");
            Assert.Equal("text", Assert.Single(bad.Problems).Field);
            var saved = await Service(head).SaveNoteAsync(agency, uid, 2026, "Nhiệm vụ T3 chậm do chờ hướng dẫn của Bộ.");
            Assert.True(saved.Succeeded);
            var stranger = await Service(head).SaveNoteAsync(agency, "nobody00000", 2026, "x");
            Assert.Equal("person", Assert.Single(stranger.Problems).Field);
        }

        await using var read = Db();
        var card = (await Service(read).ForUnitAsync(agency, 2026, _clock.Today))[0];
        Assert.Equal(("Nhiệm vụ T3 chậm do chờ hướng dẫn của Bộ.", "giamdoc.snv"), (card.Note!.Text, card.Note.By));
        Assert.Null((await Service(read).ForUnitAsync(agency, 2026, _clock.Today))[1].Note);
        Assert.True(await read.AuditEntries.AnyAsync(e => e.Entity == nameof(ScorecardNote)));
    }
}
