namespace Lodestar.Reporting;

/// <summary>What the data-quality score of a unit is computed from (its reports of the recent periods).</summary>
public sealed record QualityInput(
    int ExpectedReports, int SubmittedReports, int OnTimeReports, int Returns, int ApprovedReports, int Reopens,
    int ExpectedValues, int PresentValues, int? NewestValueAgeDays);

/// <summary>The four parts (each 0–1) and the score (0–100).</summary>
public sealed record QualityScore(double Correct, double Complete, double Clean, double Live, double Score);

/// <summary>The data-quality score: correct, complete, clean, live. Formulas and a worked example in README.md.</summary>
public static class DataQuality
{
    /// <summary>A newest value younger than this many days is fully "live"; from <see cref="StaleDays"/> it counts nothing.</summary>
    public const int FreshDays = 120;

    public const int StaleDays = 480;

    public static QualityScore Compute(QualityInput i)
    {
        // Correct: submitted reports that needed no return (validation always passes on submit).
        var correct = i.SubmittedReports == 0 ? 0 : Math.Clamp(1 - ((double)i.Returns / i.SubmittedReports), 0, 1);

        // Complete: share of the expected values present.
        var complete = i.ExpectedValues == 0 ? 0 : Math.Clamp((double)i.PresentValues / i.ExpectedValues, 0, 1);

        // Clean: approved reports that did not have to be re-opened for a correction after approval.
        var clean = i.ApprovedReports + i.Reopens == 0 ? 0 : Math.Clamp(1 - ((double)i.Reopens / (i.ApprovedReports + i.Reopens)), 0, 1);

        // Live: half on-time share of expected reports, half freshness of the newest value.
        var onTime = i.ExpectedReports == 0 ? 0 : (double)i.OnTimeReports / i.ExpectedReports;
        var fresh = i.NewestValueAgeDays is not { } age ? 0 : Math.Clamp(1 - ((double)(age - FreshDays) / (StaleDays - FreshDays)), 0, 1);
        var live = (0.5 * onTime) + (0.5 * fresh);

        var score = Math.Round(25 * (correct + complete + clean + live), 1);
        return new QualityScore(correct, complete, clean, live, score);
    }
}
