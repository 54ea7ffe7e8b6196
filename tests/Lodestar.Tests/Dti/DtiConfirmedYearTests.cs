using Lodestar.Data;
using Lodestar.Dti;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Dti;

/// <summary>
/// Scores of a year against the rules of src/Lodestar/Dti/README.md ("Peer groups", "Confirmed years are frozen",
/// "Why the rank changed"), on a framework of two main indexes: M1 40 = C1 relative to best (40) and M2 60 = C2 manual
/// (60). Every expected figure is computed by hand.
/// </summary>
public sealed class DtiConfirmedYearTests : DatabaseTest
{
    private const int Year = 2030;
    private static readonly TestClock Clock = new(new DateOnly(2031, 3, 15));

    /// <summary>The council's decision confirming the year: meeting, members present, who signed, and the document.</summary>
    private static readonly CouncilDecision Council = new("15/QĐ-HĐTĐ", new DateOnly(2031, 3, 10), new DateOnly(2031, 3, 9), "Hoàng Minh Đức",
        ["Hoàng Minh Đức — Phó Chủ tịch UBND tỉnh, Chủ tịch Hội đồng", "Lương Thị Hạnh — Giám đốc Sở KH&CN", "Vi Văn Tâm — Chánh Văn phòng UBND tỉnh"]);

    /// <summary>A revision names the document that decided it.</summary>
    private static readonly CouncilDecision Appeal = new("21/QĐ-HĐTĐ", new DateOnly(2031, 3, 14));

    private static async Task<DtiFramework> FrameworkAsync(LodestarDbContext db, OrgUnitLevel level = OrgUnitLevel.Commune)
    {
        var f = new DtiFramework { Code = "T-YEAR", Name = "Khung thử", Level = level, FirstYear = Year };
        f.Nodes.Add(new DtiNode { Code = "M1", Name = "M1", Kind = NodeKind.Main, MaxPoints = 40, SortOrder = 0 });
        f.Nodes.Add(new DtiNode { Code = "C1", ParentCode = "M1", Name = "C1", Kind = NodeKind.Component, MaxPoints = 40, Rule = RuleKind.RelativeToBest, SortOrder = 1 });
        f.Nodes.Add(new DtiNode { Code = "M2", Name = "M2", Kind = NodeKind.Main, MaxPoints = 60, SortOrder = 2 });
        f.Nodes.Add(new DtiNode { Code = "C2", ParentCode = "M2", Name = "C2", Kind = NodeKind.Component, MaxPoints = 60, Rule = RuleKind.Manual, SortOrder = 3 });
        db.DtiFrameworks.Add(f);
        await db.SaveChangesAsync();
        return f;
    }

    private static async Task<DtiAssessment> AssessAsync(LodestarDbContext db, DtiFramework f, string code, string type, double c1, double c2, AssessmentState state)
    {
        var unit = await db.AddUnitAsync(code, OrgUnitLevel.Commune, fullName: $"{type} {code}");
        unit.Type = type;
        var a = new DtiAssessment { FrameworkId = f.Id, OrgUnitId = unit.Id, Year = Year, State = state, Origin = AssessmentOrigin.SelfAssessment };
        var review = state >= AssessmentState.Reviewed ? ItemReview.Accepted : ItemReview.Pending;
        a.Items.Add(new DtiItem { NodeCode = "C1", A = c1, Review = review });
        a.Items.Add(new DtiItem { NodeCode = "C2", A = c2, Review = review });
        db.DtiAssessments.Add(a);
        await db.SaveChangesAsync();
        return a;
    }

    [Theory]
    // Xã A 150 and xã B 250, phường C 500: the xã's best is 250, so A = 150 ÷ 250 × 40 = 24 and B = 40 (not 12 and 20 against
    // the phường's 500); C = 40. All together B and C tie at 40 (rank 1, 1) and A is 3rd; within the peer group "xa" the
    // points are the same and A is 2nd of the two xã.
    [InlineData("A", null, 24.0, 3)]
    [InlineData("B", null, 40.0, 1)]
    [InlineData("C", null, 40.0, 1)]
    [InlineData("A", "xa", 24.0, 2)]
    [InlineData("B", "xa", 40.0, 1)]
    [InlineData("C", "phuong", 40.0, 1)]
    public async Task RelativeToBest_TakesTheBestWithinThePeerGroup(string code, string? group, double points, int rank)
    {
        await using var db = Database.Context();
        var f = await FrameworkAsync(db);
        await AssessAsync(db, f, "A", "Xã", 150, 0, AssessmentState.Submitted);
        await AssessAsync(db, f, "B", "Xã", 250, 0, AssessmentState.Submitted);
        await AssessAsync(db, f, "C", "Phường", 500, 0, AssessmentState.Submitted);

        var scores = (await new DtiQueries(db).ScoresAsync(f, Year, withBefore: false)).InPeerGroup(group);
        var unit = scores.Units.Single(u => u.UnitCode == code);
        Assert.Equal(points, unit.Nodes.Single(n => n.Code == "C1").Points, 9);
        Assert.Equal(rank, unit.Rank);
    }

    [Fact]
    public async Task AXaRetypedToPhuongAfterTheYear_IsStillRankedWithTheXaOfThatYear()
    {
        await using var db = Database.Context(clock: Clock);
        var f = await FrameworkAsync(db);
        await AssessAsync(db, f, "A", "Xã", 150, 0, AssessmentState.Submitted);
        await AssessAsync(db, f, "C", "Xã", 500, 0, AssessmentState.Submitted);
        var retype = await new Lodestar.Reorganisations.ReorganisationService(db).RecordAsync(new(new DateOnly(Year + 1, 1, 1), "Nghị quyết số 5/NQ-UBTVQH15",
            [new(Lodestar.Reorganisations.ChangeKind.Retype, Unit: "C", Type: "Phường", Name: "C", FullName: "Phường C")]), null, preview: false);
        Assert.True(retype.Succeeded);

        // In 2030 C was a xã: A = 150 ÷ 500 × 40 = 12 (against the phường's group A alone would get 40).
        var xa = (await new DtiQueries(db).ScoresAsync(f, Year, withBefore: false)).InPeerGroup("xa");
        Assert.Equal(12.0, xa.Units.Single(u => u.UnitCode == "A").Nodes.Single(n => n.Code == "C1").Points, 9);
        Assert.Equal("Xã C", xa.Units.Single(u => u.UnitCode == "C").UnitName);
    }

    [Theory]
    // The peer median of M1 is over the other units of the same peer group: A's is B's 40, B's is A's 24; the phường C has
    // no other phường, so it has no median (the page says there are no peers to compare with).
    [InlineData("A", 40.0)]
    [InlineData("B", 24.0)]
    [InlineData("C", null)]
    public async Task PeerMedian_IsOverThePeerGroup_AndEmptyWithoutPeers(string code, double? median)
    {
        await using var db = Database.Context();
        var f = await FrameworkAsync(db);
        await AssessAsync(db, f, "A", "Xã", 150, 0, AssessmentState.Submitted);
        await AssessAsync(db, f, "B", "Xã", 250, 0, AssessmentState.Submitted);
        await AssessAsync(db, f, "C", "Phường", 500, 0, AssessmentState.Submitted);

        var e = (await new DtiQueries(db).ExplainAsync(f, Year, code))!;
        Assert.Equal(median, e.PeerMedian.TryGetValue("M1", out var m) ? m : null);
    }

    [Theory]
    [InlineData(new[] { "Xã", "Phường", "xa", "Đặc khu", "PHƯỜNG" }, new[] { 0, 1, 0, 2, 1 })]
    [InlineData(new[] { "Sở" }, new[] { 0 })]
    public void PeerGroups_AreTheUnitTypes_WithoutDiacritics(string[] types, int[] groups) =>
        Assert.Equal(groups, DtiQueries.PeerGroups(types));

    [Fact]
    public async Task ConfirmedYear_IsFrozen_ALateAssessmentCountsOnlyThroughAnExplicitRevision()
    {
        await using var db = Database.Context(new NamedActor("hoi-dong"), Clock);
        var f = await FrameworkAsync(db);
        var q = new DtiQueries(db);
        var confirmation = new DtiYearConfirmation(db, q);

        // Confirmed: A = 200 ÷ 200 × 40 + 40 = 80 (rank 1), B = 100 ÷ 200 × 40 + 50 = 70 (rank 2).
        await AssessAsync(db, f, "A", "Xã", 200, 40, AssessmentState.Confirmed);
        await AssessAsync(db, f, "B", "Xã", 100, 50, AssessmentState.Confirmed);
        Assert.True((await confirmation.ConfirmAsync(f, Year, Council)).Succeeded);

        // A late self-assessment of another xã, one component far above the rest (1,000), submitted then reviewed:
        // recomputed it would give A 8 + 40 = 48 and B 4 + 50 = 54, B first. The confirmed year does not move.
        var late = await AssessAsync(db, f, "D", "Xã", 1000, 0, AssessmentState.Submitted);
        foreach (var state in new[] { AssessmentState.Submitted, AssessmentState.Reviewed })
        {
            late.State = state;
            await db.SaveChangesAsync();
            var frozen = await q.ScoresAsync(f, Year, withBefore: false);
            Assert.Equal(1, frozen.Revision!.Number);
            Assert.Equal(new[] { ("A", 80.0, 1), ("B", 70.0, 2) }, frozen.Units.Select(u => (u.UnitCode, Math.Round(u.Total, 9), u.Rank)));
            Assert.Equal("Xã D", Assert.Single(await q.UncountedAsync(f, Year)));
        }

        // Confirming again is refused; a revision needs a reason, and one that changes nothing is refused.
        Assert.Equal("year", Assert.Single((await confirmation.ConfirmAsync(f, Year, Council)).Problems).Field);
        Assert.Equal("reason", Assert.Single((await confirmation.ReviseAsync(f, Year, "  ", Appeal)).Problems).Field);
        Assert.Contains("không có gì để sửa đổi", Assert.Single((await confirmation.ReviseAsync(f, Year, "Tính lại", Appeal)).Problems).Message.Vi, StringComparison.Ordinal);

        // The council confirms D on appeal, then the DX office revises the year: D = 40 + 0 = 40, A 48, B 54.
        late.State = AssessmentState.Confirmed;
        await db.SaveChangesAsync();
        var revised = await confirmation.ReviseAsync(f, Year, "Phúc khảo: Hội đồng xác nhận bản của xã D", Appeal);
        Assert.True(revised.Succeeded);
        var now = await q.ScoresAsync(f, Year, withBefore: false);
        Assert.Equal(new[] { ("B", 54.0, 1), ("A", 48.0, 2), ("D", 40.0, 3) }, now.Units.Select(u => (u.UnitCode, Math.Round(u.Total, 9), u.Rank)));
        Assert.Empty(await q.UncountedAsync(f, Year));

        // The earlier revision stays, with who and when; the new one says why.
        var revisions = await q.RevisionsAsync(f, Year);
        Assert.Equal(2, revisions.Count);
        Assert.Equal((1, (string?)null), (revisions[0].Number, revisions[0].Reason));
        Assert.Equal((2, "Phúc khảo: Hội đồng xác nhận bản của xã D"), (revisions[1].Number, revisions[1].Reason));
        Assert.All(revisions, r => Assert.Equal(("hoi-dong", Clock.GetUtcNow().UtcDateTime), (r.By, r.At)));
        Assert.Equal(80.0, db.DtiFrozenResults.Single(r => r.RevisionId == revisions[0].Id && r.Assessment.OrgUnit.Code == "A").Total, 9);
    }

    /// <summary>
    /// Confirming a year is the council's recorded decision, not one click: without it every missing part is named at once
    /// and nothing is frozen; a signatory who was not at the meeting is refused; a revision without its document is refused.
    /// What is stored — document, meeting, signatory, members, account — is in the revision and in the audit.
    /// </summary>
    [Fact]
    public async Task ConfirmingAYear_RecordsTheCouncilsDecision_AndARevisionNamesItsDocument()
    {
        await using var db = Database.Context(new NamedActor("uy-vien"), Clock);
        var f = await FrameworkAsync(db);
        var confirmation = new DtiYearConfirmation(db, new DtiQueries(db));
        await AssessAsync(db, f, "A", "Xã", 200, 40, AssessmentState.Confirmed);

        var click = await confirmation.ConfirmAsync(f, Year, new CouncilDecision(null, null));
        Assert.Equal(["documentNumber", "documentDate", "meetingDate", "members", "signedBy"], click.Problems.Select(p => p.Field));
        Assert.Empty(db.DtiYearRevisions);

        var oneMember = await confirmation.ConfirmAsync(f, Year, Council with { Members = ["Hoàng Minh Đức — Chủ tịch Hội đồng", " ", "Hoàng Minh Đức — Chủ tịch Hội đồng"] });
        Assert.Contains("ít nhất 3 thành viên", Assert.Single(oneMember.Problems).Message.Vi, StringComparison.Ordinal);
        var stranger = await confirmation.ConfirmAsync(f, Year, Council with { SignedBy = "Nguyễn Văn Lạ", DocumentDate = new DateOnly(2031, 3, 16), MeetingDate = new DateOnly(2031, 3, 17) });
        Assert.Equal(["documentDate", "meetingDate", "signedBy"], stranger.Problems.Select(p => p.Field));
        Assert.Empty(db.DtiYearRevisions);

        var confirmed = await confirmation.ConfirmAsync(f, Year, Council);
        Assert.True(confirmed.Succeeded);
        var r = await db.DtiYearRevisions.AsNoTracking().SingleAsync();
        Assert.Equal(("15/QĐ-HĐTĐ", new DateOnly(2031, 3, 10), new DateOnly(2031, 3, 9), "Hoàng Minh Đức", "uy-vien"),
            (r.DocumentNumber, r.DocumentDate, r.MeetingDate, r.SignedBy, r.By));
        Assert.Equal(Council.Members, CouncilDecision.MembersOf(r));
        var audit = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Entity == nameof(DtiYearRevision) && e.Action == "create");
        Assert.Equal("uy-vien", audit.User);
        var after = System.Text.Json.JsonDocument.Parse(audit.After!).RootElement;
        Assert.Equal(("15/QĐ-HĐTĐ", "Hoàng Minh Đức"), (after.GetProperty("DocumentNumber").GetString(), after.GetProperty("SignedBy").GetString()));

        var noDocument = await confirmation.ReviseAsync(f, Year, "Phúc khảo", new CouncilDecision(" ", null));
        Assert.Equal(["documentNumber", "documentDate"], noDocument.Problems.Select(p => p.Field));
    }

    [Theory]
    // Published index and rank only (no points): X 0.40 rank 6 → 0.45 rank 4, explained as +0.05 on the index.
    [InlineData("X", 6, 4, 0.40, 0.45, 0.05)]
    // Y keeps rank 1 (0.90 → 0.92): there is nothing to raise, so no what-if sends it to rank 2.
    [InlineData("Y", 1, 1, 0.90, 0.92, 0.02)]
    public async Task ImportedPublishedResult_IsExplainedOnItsIndex(string code, int rankBefore, int rankAfter, double before, double after, double change)
    {
        await using var db = Database.Context();
        var f = await FrameworkAsync(db, OrgUnitLevel.Province);
        var rows = new (string Code, int Year, double Score, int Rank)[]
        {
            ("X", Year, 0.40, 6), ("X", Year + 1, 0.45, 4), ("Y", Year, 0.90, 1), ("Y", Year + 1, 0.92, 1),
        };
        foreach (var unit in rows.Select(r => r.Code).Distinct())
        {
            await db.AddUnitAsync(unit, OrgUnitLevel.Province);
        }

        foreach (var r in rows)
        {
            db.DtiAssessments.Add(new DtiAssessment
            {
                FrameworkId = f.Id, OrgUnitId = db.OrgUnits.Single(u => u.Code == r.Code).Id, Year = r.Year, State = AssessmentState.Published,
                Origin = AssessmentOrigin.Published, PublishedScore = r.Score, PublishedRank = r.Rank,
            });
        }

        await db.SaveChangesAsync();
        var e = (await new DtiQueries(db).ExplainAsync(f, Year + 1, code))!;
        Assert.Equal((rankBefore, rankAfter), (e.Change!.RankBefore, e.Change.RankAfter));
        Assert.Equal((before, after, change), (e.Change.TotalBefore, e.Change.TotalAfter, Math.Round(e.Change.Change, 9)));
        Assert.Empty(e.Change.Mains);
        Assert.Empty(e.ToMax);
        Assert.True(e.OnIndex);

        // Ranked by the published body among more units than are stored here: never fewer than the largest published rank.
        Assert.Equal(4, e.Year.RankedAmong);
    }
}
