using System.Globalization;
using Lodestar.Dti;
using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.Dti;

/// <summary>How a DTI assessment's items read on its page: numbers, the demo frameworks' options, an item's claim.</summary>
public static class DtiItemText
{
    public static string? Shown(double? v) => v?.ToString("0.##########", CultureInfo.CurrentCulture);

    /// <summary>The demo frameworks' option codes in words (other frameworks show their own codes).</summary>
    public static string OptionName(string o) => o.ToLowerInvariant() switch
    {
        "truong" => T("Người đứng đầu", "The head"),
        "pho" => T("Cấp phó", "A deputy"),
        "khong" => T("Không có", "Nobody"),
        _ => o,
    };

    /// <summary>What the unit claimed for a component: the chosen option, or its inputs (a / b).</summary>
    public static string Claimed(DtiNode n, DtiItem item)
    {
        if (n.Rule == RuleKind.Categorical && item.A is { } k && ScoringRule.TryParse(RuleKind.Categorical, n.RuleParameters, out _) is { } rule && k >= 0 && k < rule.Options.Length)
        {
            return OptionName(rule.Options[(int)k]);
        }

        return (Shown(item.A) ?? "—") + (item.B is { } b ? " / " + Shown(b) : "");
    }
}
