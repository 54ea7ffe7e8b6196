using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Lodestar.Common;
using Lodestar.Setup;
using Microsoft.Extensions.Configuration;

namespace Lodestar.Scorecards;

/// <summary>The four parts of a head's scorecard.</summary>
public enum ScorecardPart
{
    Targets,
    Tasks,
    Reporting,
    Dti,
}

/// <summary>The proposed annual rating (Decree 90/2020 wording: mức xếp loại chất lượng).</summary>
public enum Rating
{
    Excellent,
    Good,
    Completed,
    NotCompleted,
}

/// <summary>The counts one part's score is computed from.</summary>
public sealed record PartInput(
    int Achieved = 0, int OnTrack = 0, int AtRisk = 0, int OffTrack = 0,
    int TasksOnTime = 0, int TasksLate = 0, int TasksOverdue = 0,
    int ReportsDue = 0, int ReportsOnTime = 0, double? Quality = null,
    double? DtiNormalised = null);

/// <summary>
/// One part's result: its score (0–100, null = not enough data), its configured weight, the weight it carries in this
/// composite (in %, after the weight of parts without data went to the others; 0 without data) and its contribution.
/// </summary>
public sealed record PartScore(ScorecardPart Part, double? Score, double Weight, double EffectiveWeight, double Contribution);

/// <summary>The composite (0–100, null when the parts with data carry no more than half the weight) and the proposed rating.</summary>
public sealed record Composition(IReadOnlyList<PartScore> Parts, double? Composite, Rating? Rating, Msg? Why);

/// <summary>
/// Configurable rules of the scorecard (README.md): weights of the parts and the thresholds of the ratings.
/// From LODESTAR_SCORECARD_WEIGHTS ("targets,tasks,reporting,dti", default 30,30,20,20) and
/// LODESTAR_SCORECARD_THRESHOLDS ("excellent,good,completed,floor", default 90,75,50,70).
/// </summary>
public sealed record ScorecardRules(
    double TargetsWeight = 30, double TasksWeight = 30, double ReportingWeight = 20, double DtiWeight = 20,
    double Excellent = 90, double Good = 75, double Completed = 50, double ExcellentFloor = 70)
{
    public static readonly ScorecardRules Default = new();

    public double Weight(ScorecardPart part) => part switch
    {
        ScorecardPart.Targets => TargetsWeight,
        ScorecardPart.Tasks => TasksWeight,
        ScorecardPart.Reporting => ReportingWeight,
        ScorecardPart.Dti => DtiWeight,
        _ => throw new ArgumentOutOfRangeException(nameof(part)),
    };

    /// <summary>
    /// Reads the two variables; unset keeps the defaults. A malformed value never reaches here in a host (the settings
    /// check stops the start, see <see cref="ScorecardOptions"/>); called directly, it keeps the defaults.
    /// </summary>
    public static ScorecardRules From(string? weights, string? thresholds)
    {
        var r = Default;
        if (Weights(weights) is { } w)
        {
            r = r with { TargetsWeight = w[0], TasksWeight = w[1], ReportingWeight = w[2], DtiWeight = w[3] };
        }

        if (Thresholds(thresholds) is { } t)
        {
            r = r with { Excellent = t[0], Good = t[1], Completed = t[2], ExcellentFloor = t[3] };
        }

        return r;
    }

    /// <summary>Four weights, each ≥ 0 and not all 0; null otherwise.</summary>
    public static double[]? Weights(string? text) => Numbers(text, 4) is { } w && w.All(x => x >= 0) && w.Sum() > 0 ? w : null;

    /// <summary>Four thresholds 0–100, excellent ≥ good ≥ completed; null otherwise.</summary>
    public static double[]? Thresholds(string? text) =>
        Numbers(text, 4) is { } t && t[0] >= t[1] && t[1] >= t[2] && t.All(x => x is >= 0 and <= 100) ? t : null;

    private static double[]? Numbers(string? text, int count)
    {
        var parts = (text ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var list = new List<double>();
        foreach (var p in parts)
        {
            if (!double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                return null;
            }

            list.Add(v);
        }

        return list.Count == count ? [.. list] : null;
    }
}

/// <summary>The composition of a scorecard as one pure function (tested by table tests against README.md's examples).</summary>
public static class ScorecardComposer
{
    /// <summary>Targets: achieved and on track count 100, at risk 50, off track 0; targets without data are left out.</summary>
    public static double? TargetsScore(PartInput i)
    {
        var n = i.Achieved + i.OnTrack + i.AtRisk + i.OffTrack;
        return n == 0 ? null : Round((100.0 * (i.Achieved + i.OnTrack) + (50.0 * i.AtRisk)) / n);
    }

    /// <summary>Tasks due in the holder's part of the year: on time 100, late 50, overdue 0; open tasks not yet due are left out.</summary>
    public static double? TasksScore(PartInput i)
    {
        var n = i.TasksOnTime + i.TasksLate + i.TasksOverdue;
        return n == 0 ? null : Round(((100.0 * i.TasksOnTime) + (50.0 * i.TasksLate)) / n);
    }

    /// <summary>Reporting: the mean of timeliness (reports submitted by the due date ÷ reports due, ×100) and the data-quality score.</summary>
    public static double? ReportingScore(PartInput i)
    {
        double? timeliness = i.ReportsDue == 0 ? null : 100.0 * i.ReportsOnTime / i.ReportsDue;
        return (timeliness, i.Quality) switch
        {
            (null, null) => null,
            ({ } t, null) => Round(t),
            (null, { } q) => Round(q),
            ({ } t, { } q) => Round((t + q) / 2),
        };
    }

    public static double? DtiScore(PartInput i) => i.DtiNormalised is { } v ? Round(100 * v) : null;

    /// <summary>
    /// Composite = Σ weight × score ÷ Σ weight over the parts that have a score (a part without data neither helps nor
    /// hurts: its weight goes to the others). Computed only when those parts carry more than half the total weight —
    /// otherwise "chưa đủ dữ liệu", never a score made of one or two parts. Rating: composite ≥ Excellent with every part
    /// scored and none below ExcellentFloor → xuất sắc; ≥ Good → tốt; ≥ Completed → hoàn thành; else không hoàn thành.
    /// </summary>
    public static Composition Compose(PartInput input, ScorecardRules rules)
    {
        var scores = new (ScorecardPart Part, double? Score)[]
        {
            (ScorecardPart.Targets, TargetsScore(input)),
            (ScorecardPart.Tasks, TasksScore(input)),
            (ScorecardPart.Reporting, ReportingScore(input)),
            (ScorecardPart.Dti, DtiScore(input)),
        };
        var weighted = scores.Where(s => rules.Weight(s.Part) > 0).ToList();
        var present = weighted.Where(s => s.Score is not null).ToList();
        var allWeight = weighted.Sum(s => rules.Weight(s.Part));
        var totalWeight = present.Sum(s => rules.Weight(s.Part));
        var enough = totalWeight * 2 > allWeight;
        var parts = scores.Select(s => s.Score is { } v && rules.Weight(s.Part) > 0 && enough
            ? new PartScore(s.Part, v, rules.Weight(s.Part), Round(100 * rules.Weight(s.Part) / totalWeight), Round(v * rules.Weight(s.Part) / totalWeight))
            : new PartScore(s.Part, s.Score, rules.Weight(s.Part), 0, 0)).ToList();
        if (!enough)
        {
            return new Composition(parts, null, null, new Msg(
                $"Chưa đủ dữ liệu để chấm điểm: các phần có số liệu chỉ chiếm {Fmt(100 * totalWeight / allWeight)}% tổng trọng số (cần trên 50%).",
                $"Not enough data to score: the parts with data carry only {Fmt(100 * totalWeight / allWeight, "en-GB")}% of the total weight (more than 50% is needed)."));
        }

        var composite = Round(present.Sum(s => s.Score!.Value * rules.Weight(s.Part)) / totalWeight);
        var weakest = present.Min(s => s.Score!.Value);
        var missing = weighted.Where(s => s.Score is null).Select(s => s.Part.Label()).ToList();
        Rating rating;
        Msg? why = null;
        if (composite >= rules.Excellent && weakest >= rules.ExcellentFloor && missing.Count == 0)
        {
            rating = Rating.Excellent;
        }
        else if (composite >= rules.Good)
        {
            rating = Rating.Good;
            if (composite >= rules.Excellent && missing.Count > 0)
            {
                why = new Msg($"Phần {string.Join(", ", missing.Select(m => m.Vi))} chưa có số liệu nên không đề xuất xuất sắc.",
                    $"No data for {string.Join(", ", missing.Select(m => m.En))}, so not proposed as excellent.");
            }
            else if (composite >= rules.Excellent)
            {
                why = new Msg($"Có phần dưới {Fmt(rules.ExcellentFloor)} điểm nên không đề xuất xuất sắc.",
                    $"A part is below {Fmt(rules.ExcellentFloor, "en-GB")} points, so not proposed as excellent.");
            }
        }
        else if (composite >= rules.Completed)
        {
            rating = Rating.Completed;
        }
        else
        {
            rating = Rating.NotCompleted;
        }

        return new Composition(parts, composite, rating, why);
    }

    public static Msg Label(this Rating rating) => rating switch
    {
        Rating.Excellent => new Msg("Hoàn thành xuất sắc nhiệm vụ", "Excellent"),
        Rating.Good => new Msg("Hoàn thành tốt nhiệm vụ", "Good"),
        Rating.Completed => new Msg("Hoàn thành nhiệm vụ", "Completed"),
        Rating.NotCompleted => new Msg("Không hoàn thành nhiệm vụ", "Not completed"),
        _ => throw new ArgumentOutOfRangeException(nameof(rating)),
    };

    public static Msg Label(this ScorecardPart part) => part switch
    {
        ScorecardPart.Targets => new Msg("Chỉ tiêu", "Targets"),
        ScorecardPart.Tasks => new Msg("Nhiệm vụ", "Tasks"),
        ScorecardPart.Reporting => new Msg("Báo cáo và chất lượng dữ liệu", "Reporting and data quality"),
        ScorecardPart.Dti => new Msg("Chỉ số DTI", "DTI index"),
        _ => throw new ArgumentOutOfRangeException(nameof(part)),
    };

    private static double Round(double v) => Math.Round(v, 1, MidpointRounding.AwayFromZero);

    private static string Fmt(double v, string culture = "vi-VN") => v.ToString("0.#", CultureInfo.GetCultureInfo(culture));
}

/// <summary>The scorecard's settings (README configuration table), checked at start like every setting.</summary>
public sealed class ScorecardOptions
{
    [ConfigurationKeyName("LODESTAR_SCORECARD_WEIGHTS")]
    [WeightsRule]
    public string? Weights { get; init; }

    [ConfigurationKeyName("LODESTAR_SCORECARD_THRESHOLDS")]
    [ThresholdsRule]
    public string? Thresholds { get; init; }

    public ScorecardRules Rules => ScorecardRules.From(Weights, Thresholds);

    private sealed class WeightsRule : ValidationAttribute, ISettingRule
    {
        public string Vi => "bốn trọng số cách nhau bởi dấu phẩy (chỉ tiêu, nhiệm vụ, báo cáo, DTI), mỗi số ≥ 0 và không đều bằng 0, ví dụ 30,30,20,20";

        public string En => "four comma-separated weights (targets, tasks, reporting, DTI), each ≥ 0 and not all 0, e.g. 30,30,20,20";

        public override bool IsValid(object? value) => value is not string text || ScorecardRules.Weights(text) is not null;
    }

    private sealed class ThresholdsRule : ValidationAttribute, ISettingRule
    {
        public string Vi => "bốn ngưỡng 0–100 cách nhau bởi dấu phẩy (xuất sắc ≥ tốt ≥ hoàn thành, điểm thấp nhất của người xuất sắc), ví dụ 90,75,50,70";

        public string En => "four comma-separated thresholds 0–100 (excellent ≥ good ≥ completed, the lowest part an excellent head may have), e.g. 90,75,50,70";

        public override bool IsValid(object? value) => value is not string text || ScorecardRules.Thresholds(text) is not null;
    }
}
