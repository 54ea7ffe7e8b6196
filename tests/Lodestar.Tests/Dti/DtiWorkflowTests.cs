using Lodestar.Dti;
using Lodestar.OrgUnits;
using Lodestar.Setup;

namespace Lodestar.Tests.Dti;

/// <summary>The self-assessment and review refuse inputs a component's rule cannot score, naming the row, the component and the options.</summary>
public sealed class DtiWorkflowTests : DatabaseTest
{
    private const string Options = "0 = truong, 1 = pho, 2 = khong";

    [Theory]
    [InlineData(0.0, null)]
    [InlineData(2.0, null)]
    [InlineData(0.7, "Dòng 1 (C1): lựa chọn '0,7' không có; nhập số thứ tự của một trong 3 lựa chọn (" + Options + ").")]
    [InlineData(3.0, "Dòng 1 (C1): lựa chọn '3' không có; nhập số thứ tự của một trong 3 lựa chọn (" + Options + ").")]
    [InlineData(7.0, "Dòng 1 (C1): lựa chọn '7' không có; nhập số thứ tự của một trong 3 lựa chọn (" + Options + ").")]
    public async Task CategoricalInput_MustBeTheNumberOfAnOption_WhenFilledAndWhenAdjusted(double option, string? problem)
    {
        await using var db = Database.Context();
        var f = new DtiFramework { Code = "T-CAT", Name = "Khung thử", Level = OrgUnitLevel.Commune, FirstYear = 2030 };
        f.Nodes.Add(new DtiNode { Code = "M1", Name = "M1", Kind = NodeKind.Main, MaxPoints = 20, SortOrder = 0 });
        f.Nodes.Add(new DtiNode
        {
            Code = "C1", ParentCode = "M1", Name = "Trưởng ban", Kind = NodeKind.Component, MaxPoints = 20, SortOrder = 1,
            Rule = RuleKind.Categorical, RuleParameters = "truong=1;pho=0.5;khong=0",
        });
        db.DtiFrameworks.Add(f);
        var unit = await db.AddUnitAsync("X1", OrgUnitLevel.Commune);
        var workflow = new DtiWorkflow(db, new LodestarOptions { DataDirectory = Path.GetTempPath() });

        var filled = await workflow.SaveAsync(f, 2030, unit.Id, [new ItemEntry("C1", option, null, null)], submit: true);
        Assert.Equal(problem, filled.Problems.SingleOrDefault()?.Message.Vi);
        if (problem is not null)
        {
            Assert.Equal("items[1].a", filled.Problems.Single().Field);
            return;
        }

        // The DX office's adjustment (never by whoever submitted) is held to the same options.
        await using var office = Database.Context(new NamedActor("van.phong.cds"));
        var adjusted = await new DtiWorkflow(office, new LodestarOptions { DataDirectory = Path.GetTempPath() })
            .ReviewAsync(f, 2030, unit.Id, [new ReviewEntry("C1", "adjust", 7, null, "Theo quyết định kiện toàn")]);
        Assert.Equal("Dòng 1 (C1): lựa chọn '7' không có; nhập số thứ tự của một trong 3 lựa chọn (" + Options + ").", Assert.Single(adjusted.Problems).Message.Vi);
    }

    /// <summary>
    /// One fault, one message, keyed by the request's row and the field: a negative value and a ratio without its
    /// denominator were one message ("giá trị âm, hoặc tỷ lệ thiếu mẫu số b"); an unknown item and an unknown decision too.
    /// </summary>
    [Theory]
    [InlineData(-1.0, 4.0, "items[1].a", "Dòng 1 (R1): giá trị a âm; nhập số không âm.")]
    [InlineData(1.0, -4.0, "items[1].b", "Dòng 1 (R1): giá trị b âm; nhập số không âm.")]
    [InlineData(1.0, null, "items[1].b", "Dòng 1 (R1): chỉ số tỷ lệ cần cả mẫu số b.")]
    public async Task EachFault_HasItsOwnMessage(double a, double? b, string field, string message)
    {
        await using var db = Database.Context();
        var f = new DtiFramework { Code = "T-RATIO", Name = "Khung thử", Level = OrgUnitLevel.Commune, FirstYear = 2030 };
        f.Nodes.Add(new DtiNode { Code = "M1", Name = "M1", Kind = NodeKind.Main, MaxPoints = 20, SortOrder = 0 });
        f.Nodes.Add(new DtiNode { Code = "R1", ParentCode = "M1", Name = "Tỷ lệ", Kind = NodeKind.Component, MaxPoints = 20, SortOrder = 1, Rule = RuleKind.Ratio });
        db.DtiFrameworks.Add(f);
        var unit = await db.AddUnitAsync("X2", OrgUnitLevel.Commune);
        var workflow = new DtiWorkflow(db, new LodestarOptions { DataDirectory = Path.GetTempPath() });

        var filled = await workflow.SaveAsync(f, 2030, unit.Id, [new ItemEntry("R1", a, b, null)], submit: true);
        var problem = Assert.Single(filled.Problems);
        Assert.Equal((field, message), (problem.Field, problem.Message.Vi));

        Assert.True((await workflow.SaveAsync(f, 2030, unit.Id, [new ItemEntry("R1", 1, 4, null)], submit: true)).Succeeded);
        await using var office = Database.Context(new NamedActor("van.phong.cds"));
        var review = await new DtiWorkflow(office, new LodestarOptions { DataDirectory = Path.GetTempPath() })
            .ReviewAsync(f, 2030, unit.Id, [new ReviewEntry("R9", "accept", null, null, null), new ReviewEntry("R1", "duyệt", null, null, null)]);
        Assert.Equal(["items[1].node", "items[2].decision"], review.Problems.Select(p => p.Field));
        Assert.Equal("Dòng 1: bản tự đánh giá không có mục 'R9'.", review.Problems[0].Message.Vi);
        Assert.StartsWith("Dòng 2 (R1): quyết định 'duyệt' không có;", review.Problems[1].Message.Vi, StringComparison.Ordinal);
    }
}
