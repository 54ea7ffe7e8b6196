using System.Globalization;
using Lodestar.Common;

namespace Lodestar.Reporting;

public enum Severity
{
    /// <summary>Blocks saving (a value outside its range) or submitting (a required value missing, a comparison failing).</summary>
    Error,

    /// <summary>Shown to the user; submitting needs a comment on the value (an outlier).</summary>
    Warning,
}

/// <summary>A finding about one element's value.</summary>
public sealed record Finding(string Element, Severity Severity, RuleKind Kind, Msg Message);

/// <summary>What a rule needs to know about an element: its code, name, unit and bounds.</summary>
public sealed record RuleElement(string Code, string Name, string Unit, double? Min, double? Max);

/// <summary>A rule with its elements resolved (<see cref="ReportRule"/> as the validator sees it).</summary>
public sealed record RuleSpec(RuleKind Kind, RuleElement Element, RuleElement? Other = null, CompareOp Op = CompareOp.LessOrEqual,
    double? Min = null, double? Max = null, double? Tolerance = null);

/// <summary>A form's elements and rules with a unit's history (newest first), as <see cref="ReportValidator.Evaluate"/> takes them.</summary>
public sealed record ReportRulesSpec(IReadOnlyList<RuleElement> Elements, IReadOnlyList<RuleSpec> Rules, IReadOnlyDictionary<string, IReadOnlyList<double>> History);

/// <summary>One entered value: the number (null = empty) and its comment.</summary>
public sealed record EnteredValue(double? Value, string? Comment);

/// <summary>
/// Evaluates a form's rules on the values of one report. Pure: the same on entry, upload and submit. Range errors
/// block any save; required and comparison errors block submission only (a draft may be incomplete); warnings need a
/// comment before submission. Formulas with a worked example are in README.md.
/// </summary>
public static class ReportValidator
{
    public const double DefaultTolerance = 0.5;

    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    /// <param name="elements">Every element of the form (their own bounds always apply).</param>
    /// <param name="values">Entered values by element code.</param>
    /// <param name="history">The unit's earlier values of each element, newest first.</param>
    public static List<Finding> Evaluate(
        IReadOnlyList<RuleElement> elements, IReadOnlyList<RuleSpec> rules, IReadOnlyDictionary<string, EnteredValue> values,
        IReadOnlyDictionary<string, IReadOnlyList<double>> history)
    {
        var findings = new List<Finding>();
        double? V(string code) => values.TryGetValue(code, out var e) ? e.Value : null;

        foreach (var e in elements)
        {
            if (V(e.Code) is { } v && (v < e.Min || v > e.Max))
            {
                findings.Add(new Finding(e.Code, Severity.Error, RuleKind.Range, new Msg(
                    $"{e.Name}: {Fmt(v)} nằm ngoài khoảng cho phép {Fmt(e.Min)}–{Fmt(e.Max)} {e.Unit}.",
                    $"{e.Name}: {En(v)} is outside the allowed range {En(e.Min)}–{En(e.Max)} {e.Unit}.")));
            }
        }

        foreach (var r in rules)
        {
            var e = r.Element;
            var v = V(e.Code);
            switch (r.Kind)
            {
                case RuleKind.Required when v is null:
                    findings.Add(new Finding(e.Code, Severity.Error, r.Kind, new Msg($"{e.Name}: bắt buộc nhập.", $"{e.Name}: a value is required.")));
                    break;
                case RuleKind.Range when v is { } x && (x < r.Min || x > r.Max):
                    findings.Add(new Finding(e.Code, Severity.Error, r.Kind, new Msg(
                        $"{e.Name}: {Fmt(x)} nằm ngoài khoảng {Fmt(r.Min)}–{Fmt(r.Max)}.",
                        $"{e.Name}: {En(x)} is outside {En(r.Min)}–{En(r.Max)}.")));
                    break;
                case RuleKind.Compare when v is { } left && r.Other is { } o && V(o.Code) is { } right && !Holds(left, r.Op, right):
                    var (vi, en) = r.Op switch
                    {
                        CompareOp.LessOrEqual => ("không được lớn hơn", "must not exceed"),
                        CompareOp.GreaterOrEqual => ("không được nhỏ hơn", "must not be less than"),
                        CompareOp.Equal => ("phải bằng", "must equal"),
                        _ => throw new InvalidOperationException(),
                    };
                    findings.Add(new Finding(e.Code, Severity.Error, r.Kind, new Msg(
                        $"{e.Name} ({Fmt(left)}) {vi} {o.Name} ({Fmt(right)}).",
                        $"{e.Name} ({En(left)}) {en} {o.Name} ({En(right)}).")));
                    break;
                case RuleKind.Outlier when v is { } y && history.TryGetValue(e.Code, out var past) && IsOutlier(y, past, r.Tolerance ?? DefaultTolerance, out var median):
                    findings.Add(new Finding(e.Code, Severity.Warning, r.Kind, new Msg(
                        $"{e.Name}: {Fmt(y)} khác thường so với các kỳ trước (trung vị {Fmt(median)}); hãy ghi chú giải thích.",
                        $"{e.Name}: {En(y)} is unusual against earlier periods (median {En(median)}); add a comment explaining it.")));
                    break;
            }
        }

        return findings;
    }

    /// <summary>
    /// What stops a save: range errors always; with <paramref name="submit"/> also required and comparison errors, and
    /// each warning whose value has no comment. Keyed <c>values[CODE]</c>. The page's script mirrors it (report-rules.js).
    /// </summary>
    public static List<Problem> Blocking(IEnumerable<Finding> findings, IReadOnlyDictionary<string, EnteredValue> values, bool submit) =>
        findings.Where(f => f.Severity == Severity.Error ? submit || f.Kind == RuleKind.Range : submit && values.GetValueOrDefault(f.Element)?.Comment is null)
            .Select(f => new Problem($"values[{f.Element}]", f.Severity == Severity.Warning
                ? new Msg(f.Message.Vi + " Cần ghi chú trước khi nộp.", f.Message.En + " A comment is needed before submitting.")
                : f.Message))
            .ToList();

    /// <summary>
    /// An outlier differs from the median m of the last four earlier values by more than tolerance × max(|m|, 1).
    /// Needs at least two earlier values.
    /// </summary>
    public static bool IsOutlier(double value, IReadOnlyList<double> pastNewestFirst, double tolerance, out double median)
    {
        median = double.NaN;
        var recent = pastNewestFirst.Take(4).Order().ToList();
        if (recent.Count < 2)
        {
            return false;
        }

        median = recent.Count % 2 == 1 ? recent[recent.Count / 2] : (recent[(recent.Count / 2) - 1] + recent[recent.Count / 2]) / 2;
        return Math.Abs(value - median) > tolerance * Math.Max(Math.Abs(median), 1);
    }

    private static bool Holds(double left, CompareOp op, double right) => op switch
    {
        CompareOp.LessOrEqual => left <= right,
        CompareOp.GreaterOrEqual => left >= right,
        CompareOp.Equal => Math.Abs(left - right) < 1e-9,
        _ => throw new InvalidOperationException(),
    };

    public static string Fmt(double? v) => v?.ToString("#,##0.##", Vi) ?? "…";

    private static string En(double? v) => v?.ToString("#,##0.##", CultureInfo.InvariantCulture) ?? "…";
}
