using Lodestar.Common;
using Lodestar.Programmes;

namespace Lodestar.Web.Programmes;

/// <summary>
/// A target as typed on a form (<see cref="TargetFields"/>: the programme page's new target, a revision's added one); numbers
/// in the reader's culture, the pillar by its id.
/// </summary>
public sealed class TargetForm
{
    public string? Code { get; set; }

    public string? Name { get; set; }

    public string? NameEn { get; set; }

    public string? Indicator { get; set; }

    public string? Unit { get; set; } = "%";

    public string? Comparator { get; set; }

    public string? Milestones { get; set; }

    public string? BaselineValue { get; set; }

    public string? BaselineYear { get; set; }

    public string? PathShape { get; set; }

    public string? Pillar { get; set; }

    public string? ResponsibleUnit { get; set; }

    public string? DataSource { get; set; }

    public int? PillarId => int.TryParse(Pillar, out var id) ? id : null;

    /// <summary>The service's input; null when a number does not read, with the problem added to <paramref name="problems"/>.</summary>
    public TargetInput? ToInput(List<Problem> problems)
    {
        var count = problems.Count;
        double? baseline = null;
        if (!string.IsNullOrWhiteSpace(BaselineValue))
        {
            if (ProgressView.TryParseInput(BaselineValue, out var b)) { baseline = b; }
            else { problems.Add(new("baselineValue", new($"'{BaselineValue}' không phải là số.", $"'{BaselineValue}' is not a number."))); }
        }

        int? baselineYear = null;
        if (!string.IsNullOrWhiteSpace(BaselineYear))
        {
            if (int.TryParse(BaselineYear, out var y) && y is >= 1990 and <= 2100) { baselineYear = y; }
            else { problems.Add(new("baselineYear", new($"Năm cơ sở '{BaselineYear}' không hợp lệ.", $"Baseline year '{BaselineYear}' is not valid."))); }
        }

        return problems.Count > count ? null : new TargetInput(
            Code, Name, NameEn, Unit, Enum.TryParse<Comparator>(Comparator, out var comparator) ? comparator : Lodestar.Programmes.Comparator.AtLeast, null,
            baseline, baselineYear, Milestones, PathShape == "Compound" ? Lodestar.Programmes.PathShape.Compound : Lodestar.Programmes.PathShape.Linear,
            Indicator, PillarId, ResponsibleUnit, DataSource, null);
    }
}
