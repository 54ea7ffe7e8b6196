using Lodestar.Dti;
using Lodestar.OrgUnits;
using Lodestar.Setup;

namespace Lodestar.Tests.Dti;

/// <summary>The list of a year's self-assessments (the DTI assessments page): the reader's units only, drafts only for the DX office and their own unit.</summary>
public sealed class DtiSelfAssessmentListTests : DatabaseTest
{
    [Fact]
    public async Task SelfAssessments_ShowVisibleUnits_DraftsOnlyToTheOfficeAndTheirOwnUnit()
    {
        await using var db = Database.Context();
        var f = new DtiFramework { Code = "T-LIST", Name = "Khung thử", Level = OrgUnitLevel.Commune, FirstYear = 2030 };
        f.Nodes.Add(new DtiNode { Code = "M1", Name = "M1", Kind = NodeKind.Main, MaxPoints = 20, SortOrder = 0 });
        f.Nodes.Add(new DtiNode { Code = "C1", ParentCode = "M1", Name = "C1", Kind = NodeKind.Component, MaxPoints = 20, SortOrder = 1, Rule = RuleKind.Ratio });
        db.DtiFrameworks.Add(f);
        var submitted = await db.AddUnitAsync("L1", OrgUnitLevel.Commune);
        var draft = await db.AddUnitAsync("L2", OrgUnitLevel.Commune);
        var own = await db.AddUnitAsync("L3", OrgUnitLevel.Commune);
        var elsewhere = await db.AddUnitAsync("L4", OrgUnitLevel.Commune);
        var notStarted = await db.AddUnitAsync("L5", OrgUnitLevel.Commune);
        var workflow = new DtiWorkflow(db, new LodestarOptions { DataDirectory = Path.GetTempPath() });
        foreach (var (unit, submit) in new[] { (submitted, true), (draft, false), (own, false), (elsewhere, true) })
        {
            Assert.True((await workflow.SaveAsync(f, 2030, unit.Id, [new ItemEntry("C1", 1, 4, null)], submit)).Succeeded);
        }

        var queries = new DtiQueries(db);
        var visible = new HashSet<int> { submitted.Id, draft.Id, own.Id, notStarted.Id };

        var reader = await queries.SelfAssessmentsAsync(f, 2030, visible, office: false, own: own.Id);
        Assert.Equal(["L1", "L3"], reader.Rows.Select(r => r.Code));
        Assert.Equal((1, AssessmentState.Draft), (reader.Own!.Filled, reader.Own.State!.Value));

        var office = await queries.SelfAssessmentsAsync(f, 2030, visible: null, office: true, own: null);
        Assert.Equal(["L1", "L2", "L3", "L4"], office.Rows.Select(r => r.Code));
        Assert.Null(office.Own);

        var newcomer = await queries.SelfAssessmentsAsync(f, 2030, visible, office: false, own: notStarted.Id);
        Assert.Equal(new AssessmentRow("L5", notStarted.Name, null, 0, 0, 0, 0, null), newcomer.Own);
    }
}
