using System.Globalization;
using Lodestar.Common;
using Lodestar.Programmes;

namespace Lodestar.Progress;

/// <summary>The forecast said in one or two plain sentences, in Vietnamese and English.</summary>
public static class ForecastText
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");

    public static Msg Sentence(TargetInfo target, IReadOnlyList<(double T, double Value)> history, Forecast forecast)
    {
        if (forecast.Quality == ForecastQuality.None || forecast.Points.Count == 0)
        {
            if (history.Count >= 2 && forecast.Points.Count == 0)
            {
                return new Msg(
                    "Các mốc của chỉ tiêu đã qua; không còn năm nào phía trước để dự báo.",
                    "All of the target's milestones are past; there is no year ahead to forecast.");
            }

            return new Msg(
                $"Chưa đủ số liệu để dự báo: cần ít nhất hai năm có số liệu, hiện có {history.Count}.",
                $"Not enough data to forecast: at least two years with data are needed, there {(history.Count == 1 ? "is" : "are")} {history.Count}.");
        }

        var end = forecast.Points[^1];
        var goal = target.Milestones.FirstOrDefault(m => m.Year == end.Year) is { Year: > 0 } m ? m : (Milestone?)null;
        var unit = target.Unit;
        var sfx = unit switch { "%" => "%", "" => "", _ => " " + unit };
        var (latestT, latest) = history[^1];

        // A band squeezed to one value by the bounds (a percentage at 100) says nothing: leave it out.
        var band = forecast.Quality == ForecastQuality.Interval && end.High - end.Low > 0.05;
        var vi = forecast.Quality == ForecastQuality.Interval
            ? $"Với tốc độ hiện nay, năm {end.Year} sẽ đạt khoảng {N(end.Value, Vi)}{sfx}" + (band ? $" (từ {N(end.Low!.Value, Vi)} đến {N(end.High!.Value, Vi)}{sfx})." : ".")
            : $"Mới có hai năm số liệu: theo đường thẳng qua hai điểm đó, năm {end.Year} sẽ đạt khoảng {N(end.Value, Vi)}{sfx}; chưa tính được khoảng tin cậy.";
        var en = forecast.Quality == ForecastQuality.Interval
            ? $"At the current pace the {end.Year} value will be about {N(end.Value, En)}{sfx}" + (band ? $" ({N(end.Low!.Value, En)}–{N(end.High!.Value, En)}{sfx})." : ".")
            : $"Only two years of data: on the line through them the {end.Year} value will be about {N(end.Value, En)}{sfx}; no uncertainty band can be computed.";

        if (goal is { } g && forecast.PacePerYear is { } pace)
        {
            var years = g.Year - latestT;
            var needed = years > 0 ? (g.Value - latest) / years : 0;
            var met = ProgressRules.Meets(latest, target.Comparator, g.Value);
            if (met)
            {
                vi += $" Đã đạt mục tiêu {Op(target.Comparator)} {N(g.Value, Vi)}{sfx} của năm {g.Year}.";
                en += $" The {g.Year} target ({Op(target.Comparator)} {N(g.Value, En)}{sfx}) is already met.";
            }
            else
            {
                vi += $" Để đạt {Op(target.Comparator)} {N(g.Value, Vi)}{sfx} vào năm {g.Year} cần {Change(needed, "tăng", "giảm")} {N(Math.Abs(needed), Vi)} {PerYear(unit, false)}, "
                    + $"trong khi thực tế đang {Change(pace, "tăng", "giảm")} {N(Math.Abs(pace), Vi)} {PerYear(unit, false)}.";
                en += $" Reaching {Op(target.Comparator)} {N(g.Value, En)}{sfx} by {g.Year} needs {Change(needed, "a rise", "a fall")} of {N(Math.Abs(needed), En)} {PerYear(unit, true)}; "
                    + $"the pace achieved is {Change(pace, "a rise", "a fall")} of {N(Math.Abs(pace), En)} {PerYear(unit, true)}.";
            }
        }
        else if (goal is null && target.Milestones.Count > 0 && ProgressRules.Meets(latest, target.Comparator, target.Milestones[^1].Value))
        {
            var reached = target.Milestones[^1];
            vi += $" Mốc năm {reached.Year} ({Op(target.Comparator)} {N(reached.Value, Vi)}{sfx}) đã đạt.";
            en += $" The {reached.Year} milestone ({Op(target.Comparator)} {N(reached.Value, En)}{sfx}) is met.";
        }
        else if (goal is null && target.Milestones.Count > 0 && forecast.PacePerYear is { } trend
            && target.Milestones[^1] is var last && !ProgressRules.Meets(latest, target.Comparator, last.Value))
        {
            // The last milestone is past and missed: say when the current pace would reach it (time is end-of-year based).
            var yearsToGo = (last.Value - latest) / trend;
            vi += $" Mốc năm {last.Year} ({Op(target.Comparator)} {N(last.Value, Vi)}{sfx}) chưa đạt; số liệu gần nhất là {N(latest, Vi)}{sfx}.";
            en += $" The {last.Year} milestone ({Op(target.Comparator)} {N(last.Value, En)}{sfx}) was missed; the latest figure is {N(latest, En)}{sfx}.";
            if (yearsToGo > 0 && double.IsFinite(yearsToGo))
            {
                var year = (int)Math.Ceiling(latestT + yearsToGo);
                vi += $" Với tốc độ hiện nay sẽ đạt vào khoảng năm {year}.";
                en += $" At the current pace it will be reached around {year}.";
            }
            else
            {
                vi += " Theo xu hướng hiện nay sẽ không đạt.";
                en += " On the current trend it will not be reached.";
            }
        }

        return new Msg(vi, en);
    }

    private static string N(double v, CultureInfo culture) => v.ToString("#,##0.#", culture);

    private static string Change(double v, string up, string down) => v >= 0 ? up : down;

    private static string PerYear(string unit, bool english) => unit switch
    {
        "%" => english ? "percentage points a year" : "điểm phần trăm mỗi năm",
        "" => english ? "a year" : "mỗi năm",
        _ => english ? $"{unit} a year" : $"{unit} mỗi năm",
    };

    public static string Op(Comparator c) => c switch
    {
        Comparator.AtLeast => "≥",
        Comparator.MoreThan => ">",
        Comparator.AtMost => "≤",
        Comparator.LessThan => "<",
        Comparator.EqualTo => "=",
        _ => "?",
    };
}
