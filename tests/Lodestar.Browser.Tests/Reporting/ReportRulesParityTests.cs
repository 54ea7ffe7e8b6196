using System.Text.Json;
using Lodestar.Browser.Tests.Common;
using Lodestar.Reporting;
using Lodestar.Web.Reporting;
using Microsoft.Playwright;

namespace Lodestar.Browser.Tests.Reporting;

/// <summary>
/// The report rules an officer's phone checks offline (report-rules.js) say exactly what the server's validator says:
/// one table of forms and values through both, every message compared in both languages.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class ReportRulesParityTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly RuleElement Households = new("HH_TOTAL", "Số hộ gia đình", "hộ", 0, null);
    private static readonly RuleElement Fibre = new("HH_FIBRE", "Số hộ có cáp quang", "hộ", 0, null);
    private static readonly RuleElement Share = new("SHARE", "Tỷ lệ hồ sơ trực tuyến", "%", 0, 100);

    private static readonly ReportRulesSpec Spec = new(
        [Households, Fibre, Share],
        [
            new RuleSpec(RuleKind.Required, Households),
            new RuleSpec(RuleKind.Compare, Fibre, Households, CompareOp.LessOrEqual),
            new RuleSpec(RuleKind.Compare, Households, Fibre, CompareOp.GreaterOrEqual),
            new RuleSpec(RuleKind.Compare, Share, Share, CompareOp.Equal),
            new RuleSpec(RuleKind.Range, Share, Min: 10, Max: 95.5),
            new RuleSpec(RuleKind.Outlier, Households),
            new RuleSpec(RuleKind.Outlier, Share, Tolerance: 0.1),
        ],
        new Dictionary<string, IReadOnlyList<double>> { ["HH_TOTAL"] = [1200, 1234.5, 1190, 1210, 400], ["SHARE"] = [40] });

    public static TheoryData<string, double?, string?, double?, double?, bool, bool> Cases => new()
    {
        { "all well", 1234.5, null, 1000, 50, true, false },
        { "required missing, draft", null, null, 1000, 50, false, false },
        { "required missing, submit", null, null, 1000, 50, true, true },
        { "fibre above households", 1000, null, 1234.57, 50, true, true },
        { "range of the element and of the rule", 1200, null, 10, 120.25, false, true },
        { "below the rule's range", 1200, null, 10, -3.5, true, true },
        { "outlier without a comment", 30000, null, 100, 50, true, true },
        { "outlier with a comment", 30000, "Sáp nhập hai thôn", 100, 50, true, false },
        { "outlier in a draft", 30000, null, 100, 50, false, false },
    };

    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _page = await browser.NewPageAsync();
        await _page.GotoAsync("/login");
        await _page.AddScriptTagAsync(new() { Url = "/js/report-rules.js" });
    }

    public async Task DisposeAsync() => await _page.Context.CloseAsync();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task TheDeviceFindsWhatTheServerFinds(string name, double? households, string? comment, double? fibre, double? share, bool submit, bool blocked)
    {
        var values = new Dictionary<string, EnteredValue>();
        foreach (var (code, value, note) in new[] { ("HH_TOTAL", households, comment), ("HH_FIBRE", fibre, null), ("SHARE", share, null) })
        {
            if (value is not null)
            {
                values[code] = new EnteredValue(value, note);
            }
        }

        var server = ReportValidator.Blocking(ReportValidator.Evaluate(Spec.Elements, Spec.Rules, values, Spec.History), values, submit)
            .Select(p => new[] { p.Field, p.Message.Vi, p.Message.En }).ToList();
        var device = await _page.EvaluateAsync<JsonElement>(
            "([spec, values, submit]) => { const r = globalThis.LodestarReportRules; return r.blocking(r.evaluate(JSON.parse(spec), values), values, submit).map(b => ['values[' + b.element + ']', b.vi, b.en]); }",
            new object[] { ReportText.RulesJson(Spec), values.ToDictionary(v => v.Key, v => new { value = v.Value.Value, comment = v.Value.Comment }), submit });

        Assert.Equal(server, device.EnumerateArray().Select(a => a.EnumerateArray().Select(x => x.GetString()!).ToArray()).ToList());
        Assert.True(blocked == server.Count > 0, $"{name}: the server {(server.Count > 0 ? "blocks" : "lets it through")}");
    }
}
