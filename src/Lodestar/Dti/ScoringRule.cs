using System.Globalization;
using Lodestar.Common;

namespace Lodestar.Dti;

/// <summary>How a component indicator turns its inputs into points (README.md has each formula with an example).</summary>
public enum RuleKind
{
    /// <summary>Steps: the highest tier whose minimum the value reaches gives its points (4 meetings → 20, 3 → 15 …).</summary>
    Tiered,

    /// <summary>One of named options, each a share of the maximum (head chairs → 1, deputy → ½, nobody → 0); input A is the option's position.</summary>
    Categorical,

    /// <summary>A ÷ B × maximum, at most the maximum; B = 0 gives 0.</summary>
    Ratio,

    /// <summary>A ÷ (largest A in the peer group) × maximum: one unit's score depends on the others.</summary>
    RelativeToBest,

    /// <summary>A × points per item, at most the maximum.</summary>
    CountCapped,

    /// <summary>Yes/no: A ≥ the threshold gives the maximum, else 0.</summary>
    Threshold,

    /// <summary>Linear between a floor (0 points) and a ceiling (maximum); a floor above the ceiling means lower is better.</summary>
    Linear,

    /// <summary>A score typed by a person, with a justification; clamped to [0, maximum].</summary>
    Manual,
}

/// <summary>
/// A rule with its parameters in the compact text form stored with the framework:
/// tiered <c>4=20;3=15;2=10;1=5</c> (minimum = points), categorical <c>truong=1;pho=0.5;khong=0</c> (option = share),
/// count <c>5</c> (points per item), threshold <c>1</c>, linear <c>0;80</c> (floor;ceiling); ratio, relative and manual take none.
/// </summary>
public sealed class ScoringRule
{
    private ScoringRule(RuleKind kind, double[] keys, double[] values, string[] options)
    {
        Kind = kind;
        Keys = keys;
        Values = values;
        Options = options;
    }

    public RuleKind Kind { get; }

    /// <summary>Tier minimums (descending), or [threshold], or [floor, ceiling], or [points per item].</summary>
    public double[] Keys { get; }

    /// <summary>Tier points, or categorical shares.</summary>
    public double[] Values { get; }

    /// <summary>Categorical option names, in order (input A is the index).</summary>
    public string[] Options { get; }

    public static readonly ScoringRule Manual = new(RuleKind.Manual, [], [], []);

    public static ScoringRule Ratio { get; } = new(RuleKind.Ratio, [], [], []);

    public static ScoringRule RelativeToBest { get; } = new(RuleKind.RelativeToBest, [], [], []);

    public static ScoringRule Tiered(params (double Minimum, double Points)[] tiers)
    {
        var sorted = tiers.OrderByDescending(t => t.Minimum).ToArray();
        return new(RuleKind.Tiered, [.. sorted.Select(t => t.Minimum)], [.. sorted.Select(t => t.Points)], []);
    }

    public static ScoringRule Categorical(params (string Option, double Share)[] options) =>
        new(RuleKind.Categorical, [], [.. options.Select(o => o.Share)], [.. options.Select(o => o.Option)]);

    public static ScoringRule CountCapped(double pointsPerItem) => new(RuleKind.CountCapped, [pointsPerItem], [], []);

    public static ScoringRule Threshold(double minimum) => new(RuleKind.Threshold, [minimum], [], []);

    public static ScoringRule Linear(double floor, double ceiling) => new(RuleKind.Linear, [floor, ceiling], [], []);

    /// <summary>The stored text of the parameters (the inverse of <see cref="TryParse"/>).</summary>
    public string Parameters => Kind switch
    {
        RuleKind.Tiered => string.Join(';', Keys.Select((k, i) => F(k) + "=" + F(Values[i]))),
        RuleKind.Categorical => string.Join(';', Options.Select((o, i) => o + "=" + F(Values[i]))),
        RuleKind.CountCapped or RuleKind.Threshold => F(Keys[0]),
        RuleKind.Linear => F(Keys[0]) + ";" + F(Keys[1]),
        RuleKind.Ratio or RuleKind.RelativeToBest or RuleKind.Manual or _ => "",
    };

    private static string F(double d) => d.ToString(CultureInfo.InvariantCulture);

    private static bool N(string s, out double d) => double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out d);

    /// <summary>Reads a rule from its kind and parameter text; null with a reason when the text does not fit the kind.</summary>
    public static ScoringRule? TryParse(RuleKind kind, string? parameters, out Msg? error)
    {
        error = null;
        var text = parameters?.Trim() ?? "";
        var parts = text.Length == 0 ? [] : text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        switch (kind)
        {
            case RuleKind.Ratio:
                return Ratio;
            case RuleKind.RelativeToBest:
                return RelativeToBest;
            case RuleKind.Manual:
                return Manual;
            case RuleKind.Tiered:
            case RuleKind.Categorical:
                {
                    var pairs = new List<(string, double, double)>();
                    foreach (var p in parts)
                    {
                        var eq = p.Split('=');
                        if (eq.Length != 2 || !N(eq[1], out var v) || (kind == RuleKind.Tiered && !N(eq[0], out _)))
                        {
                            error = kind == RuleKind.Tiered
                                ? new Msg("bậc ghi 'mức tối thiểu=điểm;…', ví dụ 4=20;3=15;2=10;1=5", "tiers are 'minimum=points;…', e.g. 4=20;3=15;2=10;1=5")
                                : new Msg("lựa chọn ghi 'lựa chọn=tỷ lệ;…', ví dụ truong=1;pho=0.5;khong=0", "options are 'option=share;…', e.g. truong=1;pho=0.5;khong=0");
                            return null;
                        }

                        _ = N(eq[0], out var k);
                        pairs.Add((eq[0].Trim(), k, v));
                    }

                    if (pairs.Count == 0)
                    {
                        error = kind == RuleKind.Tiered ? new Msg("chưa có bậc nào", "no tiers") : new Msg("chưa có lựa chọn nào", "no options");
                        return null;
                    }

                    return kind == RuleKind.Tiered
                        ? Tiered([.. pairs.Select(p => (p.Item2, p.Item3))])
                        : Categorical([.. pairs.Select(p => (p.Item1, p.Item3))]);
                }

            case RuleKind.CountCapped:
            case RuleKind.Threshold:
                if (parts.Length != 1 || !N(parts[0], out var one))
                {
                    error = kind == RuleKind.CountCapped ? new Msg("ghi số điểm cho mỗi mục, ví dụ 5", "the points per item, e.g. 5")
                        : new Msg("ghi mức tối thiểu, ví dụ 1", "the minimum, e.g. 1");
                    return null;
                }

                return kind == RuleKind.CountCapped ? CountCapped(one) : Threshold(one);
            case RuleKind.Linear:
                if (parts.Length != 2 || !N(parts[0], out var lo) || !N(parts[1], out var hi) || lo == hi)
                {
                    error = new Msg("ghi 'mức sàn;mức trần' khác nhau, ví dụ 0;80", "'floor;ceiling', two different numbers, e.g. 0;80");
                    return null;
                }

                return Linear(lo, hi);
            default:
                error = new Msg("quy tắc không có", "unknown rule");
                return null;
        }
    }

    /// <summary>Whether <paramref name="a"/> is the position of one of the categorical options (0, 1 … a whole number).</summary>
    public bool IsOption(double a) => a >= 0 && a < Options.Length && a == Math.Floor(a);

    /// <summary>
    /// Points for one unit. <paramref name="a"/> and <paramref name="b"/> are the inputs (NaN when missing),
    /// <paramref name="best"/> the largest A in the peer group (relative rule only). Missing inputs give 0 points.
    /// </summary>
    public double Points(double max, double a, double b, double best)
    {
        if (double.IsNaN(a))
        {
            return 0;
        }

        double p;
        switch (Kind)
        {
            case RuleKind.Tiered:
                p = 0;
                for (var i = 0; i < Keys.Length; i++)
                {
                    if (a >= Keys[i])
                    {
                        p = Values[i];
                        break;
                    }
                }

                break;
            case RuleKind.Categorical:
                p = IsOption(a) ? Values[(int)a] * max : 0;
                break;
            case RuleKind.Ratio:
                p = double.IsNaN(b) || b <= 0 ? 0 : a / b * max;
                break;
            case RuleKind.RelativeToBest:
                p = double.IsNaN(best) || best <= 0 ? 0 : a / best * max;
                break;
            case RuleKind.CountCapped:
                p = a * Keys[0];
                break;
            case RuleKind.Threshold:
                p = a >= Keys[0] ? max : 0;
                break;
            case RuleKind.Linear:
                var s = (a - Keys[0]) / (Keys[1] - Keys[0]);
                p = Math.Clamp(s, 0, 1) * max;
                break;
            case RuleKind.Manual:
            default:
                p = a;
                break;
        }

        return Math.Clamp(p, 0, max);
    }
}
