using Lodestar.Reporting;

namespace Lodestar.Tests.Reporting;

/// <summary>The validation rules, the data-quality formula and the workflow's steps, as tables.</summary>
public sealed class ReportRulesTests
{
    private static readonly RuleElement Households = new("HH_TOTAL", "Số hộ", "hộ", 0, null);
    private static readonly RuleElement Fibre = new("HH_FIBRE", "Số hộ có cáp quang", "hộ", 0, null);
    private static readonly RuleElement Share = new("PCT", "Tỷ lệ", "%", 0, 100);

    private static readonly RuleSpec[] Rules =
    [
        new(RuleKind.Required, Households),
        new(RuleKind.Compare, Fibre, Households, CompareOp.LessOrEqual),
        new(RuleKind.Outlier, Fibre, Tolerance: 0.5),
    ];

    [Theory]
    [InlineData(1000d, 800d, null, "")]                             // all good
    [InlineData(null, 800d, null, "HH_TOTAL:Required:Error")]       // required missing
    [InlineData(1000d, 1100d, null, "HH_FIBRE:Compare:Error")]      // fibre households exceed households
    [InlineData(1000d, 1000d, null, "")]                            // equal is allowed by ≤
    [InlineData(1000d, 800d, 101d, "PCT:Range:Error")]              // a percentage above 100
    [InlineData(1000d, 800d, -1d, "PCT:Range:Error")]               // below 0
    [InlineData(5000d, 2000d, null, "HH_FIBRE:Outlier:Warning")]    // 2000 vs median 775: |2000-775| > 0.5 × 775
    [InlineData(5000d, 1100d, null, "")]                            // 1100 vs 775: 325 ≤ 387.5
    public void Evaluate_GivesTheFindingsAUserSees(double? households, double? fibre, double? share, string expected)
    {
        var values = new Dictionary<string, EnteredValue>();
        if (households is { } h) values["HH_TOTAL"] = new(h, null);
        if (fibre is { } f) values["HH_FIBRE"] = new(f, null);
        if (share is { } s) values["PCT"] = new(s, null);
        var history = new Dictionary<string, IReadOnlyList<double>> { ["HH_FIBRE"] = [800, 750, 700, 900, 10] };

        var findings = ReportValidator.Evaluate([Households, Fibre, Share], Rules, values, history);

        Assert.Equal(expected, string.Join(";", findings.Select(x => $"{x.Element}:{x.Kind}:{x.Severity}")));
        Assert.All(findings, x => Assert.False(string.IsNullOrWhiteSpace(x.Message.Vi) || string.IsNullOrWhiteSpace(x.Message.En)));
    }

    [Theory]
    [InlineData(new double[] { }, 5000, false)]            // no history: nothing to compare with
    [InlineData(new double[] { 100 }, 5000, false)]        // one value is not a history
    [InlineData(new double[] { 100, 120 }, 165, false)]    // median 110, limit 0.5 × 110 = 55
    [InlineData(new double[] { 100, 120 }, 166, true)]
    [InlineData(new double[] { 0, 0, 0 }, 0.5, false)]     // small counts: the limit is at least 0.5 × 1
    [InlineData(new double[] { 0, 0, 0 }, 1, true)]
    [InlineData(new double[] { 1, 2, 3, 4, 1000 }, 3.5, false)] // only the last four count: median 2.5
    public void IsOutlier_ComparesWithTheMedianOfTheLastFour(double[] past, double value, bool outlier)
    {
        Assert.Equal(outlier, ReportValidator.IsOutlier(value, past, 0.5, out _));
    }

    [Theory]
    // expected, submitted, on time, returns, approved, reopens, expected values, present values, age → correct, complete, clean, live, score
    [InlineData(4, 4, 3, 1, 3, 0, 16, 15, 30, 0.75, 0.9375, 1.0, 0.875, 89.1)]   // the README's worked example
    [InlineData(4, 0, 0, 0, 0, 0, 16, 0, null, 0, 0, 0, 0, 0)]                  // never reported
    [InlineData(2, 2, 2, 0, 2, 0, 8, 8, 0, 1, 1, 1, 1, 100)]                    // perfect
    [InlineData(2, 2, 0, 0, 1, 1, 8, 8, 300, 1, 1, 0.5, 0.25, 68.8)]            // late, stale, corrected after approval
    public void Score_FollowsTheFormula(int e, int s, int t, int r, int a, int o, int ev, int pv, int? age,
        double correct, double complete, double clean, double live, double score)
    {
        var q = DataQuality.Compute(new QualityInput(e, s, t, r, a, o, ev, pv, age));
        Assert.Equal(correct, q.Correct, 4);
        Assert.Equal(complete, q.Complete, 4);
        Assert.Equal(clean, q.Clean, 4);
        Assert.Equal(live, q.Live, 4);
        Assert.Equal(score, q.Score, 1);
    }

    [Theory]
    [InlineData(ReportStatus.Draft, ReportAction.Save, true, ReportStatus.Draft)]
    [InlineData(ReportStatus.Draft, ReportAction.Submit, true, ReportStatus.Submitted)]
    [InlineData(ReportStatus.Draft, ReportAction.Submit, false, ReportStatus.Approved)]
    [InlineData(ReportStatus.Returned, ReportAction.Save, true, ReportStatus.Returned)]
    [InlineData(ReportStatus.Returned, ReportAction.Submit, true, ReportStatus.Submitted)]
    [InlineData(ReportStatus.Submitted, ReportAction.Approve, true, ReportStatus.Approved)]
    [InlineData(ReportStatus.Submitted, ReportAction.Return, true, ReportStatus.Returned)]
    [InlineData(ReportStatus.Approved, ReportAction.Reopen, true, ReportStatus.Returned)]
    [InlineData(ReportStatus.Submitted, ReportAction.Save, true, null)]    // a submitted report waits for its reviewer
    [InlineData(ReportStatus.Approved, ReportAction.Save, true, null)]     // approved is locked
    [InlineData(ReportStatus.Approved, ReportAction.Return, true, null)]
    [InlineData(ReportStatus.Draft, ReportAction.Approve, true, null)]     // nothing to approve before submission
    [InlineData(ReportStatus.Draft, ReportAction.Reopen, true, null)]
    [InlineData(ReportStatus.Returned, ReportAction.Approve, true, null)]
    public void Workflow_AllowsAndRefusesSteps(ReportStatus from, ReportAction action, bool needsApproval, ReportStatus? to)
    {
        Assert.Equal(to, ReportWorkflow.Next(from, action, needsApproval));
    }
}
