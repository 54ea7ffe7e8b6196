using System.Globalization;
using Lodestar.Progress;
using Lodestar.Tasks;

namespace Lodestar.Steering;

/// <summary>
/// The briefing pack's summary in plain sentences, written from a <see cref="Dashboard"/> and nothing else (a pure
/// function: the same figures give the same text). Paragraphs are separated by a blank line; a paragraph that starts
/// with "# " is a heading. The sentences and a worked example are in Steering/README.md.
/// </summary>
public static class BriefingText
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-GB");

    public static string Write(Dashboard d, bool english = false) => string.Join("\n\n", Paragraphs(d, english));

    public static List<string> Paragraphs(Dashboard d, bool english = false)
    {
        var w = new Writer(english);
        var p = new List<string>();
        string T(string vi, string en) => english ? en : vi;

        p.Add(T("# I. KẾT QUẢ THỰC HIỆN CHỈ TIÊU", "# I. TARGETS"));
        p.Add(Targets(d, w));
        if (Slipped(d, w) is { } slipped)
        {
            p.Add(slipped);
        }

        if (d.MostOffTrack.Count > 0)
        {
            p.Add(T("Các chỉ tiêu chậm nhất: ", "The targets furthest behind: ")
                + w.List(d.MostOffTrack.Select(t => T(
                    $"{t.Name} ({w.Status(t.Status)}, đạt {w.Pct(t.PercentOfExpected)} quãng đường kỳ vọng)",
                    $"{t.NameEn ?? t.Name} ({w.Status(t.Status)}, {w.Pct(t.PercentOfExpected)} of the expected way)"))) + ".");
        }

        p.Add(T("# II. THỰC HIỆN NHIỆM VỤ", "# II. TASKS"));
        p.Add(Tasks(d, w));
        if (d.FollowUps.Count > 0)
        {
            p.Add(FollowUps(d, w));
        }

        p.Add(T("# III. BÁO CÁO ĐỊNH KỲ VÀ CHẤT LƯỢNG DỮ LIỆU", "# III. PERIODIC REPORTS AND DATA QUALITY"));
        p.Add(Reporting(d, w));

        p.Add(T("# IV. CHỈ SỐ CHUYỂN ĐỔI SỐ (DTI)", "# IV. THE DIGITAL TRANSFORMATION INDEX (DTI)"));
        p.Add(Dti(d, w));
        if (Movers(d, w) is { } movers)
        {
            p.Add(movers);
        }

        if (d.Members.Count > 0)
        {
            p.Add(Members(d, w));
        }

        return p;
    }

    private static string Targets(Dashboard d, Writer w)
    {
        var c = d.Targets;
        if (c.Total == 0)
        {
            return w.T($"{d.Unit.Name} chưa có chỉ tiêu được theo dõi.", $"{d.Unit.Name} has no targets being tracked.");
        }

        var noData = c.NoData > 0 ? w.T($"; {w.N(c.NoData)} chỉ tiêu chưa có số liệu", $"; {w.N(c.NoData)} have no data yet") : "";
        return w.T(
            $"Kỳ {w.Period(d.Period)}, {d.Unit.Name} theo dõi {w.N(c.Total)} chỉ tiêu: {w.N(c.Achieved)} đã đạt, {w.N(c.OnTrack)} đúng tiến độ, {w.N(c.AtRisk)} có nguy cơ chậm và {w.N(c.OffTrack)} chậm tiến độ{noData}.",
            $"For {w.Period(d.Period)}, {d.Unit.Name} tracks {w.N(c.Total)} targets: {w.N(c.Achieved)} achieved, {w.N(c.OnTrack)} on track, {w.N(c.AtRisk)} at risk and {w.N(c.OffTrack)} off track{noData}.");
    }

    private static string? Slipped(Dashboard d, Writer w)
    {
        if (d.Changes is not { } ch)
        {
            return null;
        }

        var since = w.T($"So với cuộc họp ngày {Writer.Date(ch.Since)}", $"Since the meeting of {Writer.Date(ch.Since)}");
        string Move(TargetChange t) => w.T($"{t.Name} (từ {w.Status(t.From)} xuống {w.Status(t.To)})", $"{t.NameEn ?? t.Name} (from {w.Status(t.From)} to {w.Status(t.To)})");
        string Up(TargetChange t) => w.T($"{t.Name} (từ {w.Status(t.From)} lên {w.Status(t.To)})", $"{t.NameEn ?? t.Name} (from {w.Status(t.From)} to {w.Status(t.To)})");
        var slipped = ch.Slipped.Count == 0
            ? w.T($"{since}, không có chỉ tiêu nào bị tụt trạng thái.", $"{since}, no target has slipped.")
            : w.T($"{since}, {w.N(ch.Slipped.Count)} chỉ tiêu bị tụt trạng thái: {w.List(ch.Slipped.Select(Move))}.",
                  $"{since}, {w.N(ch.Slipped.Count)} target(s) slipped: {w.List(ch.Slipped.Select(Move))}.");
        var improved = ch.Improved.Count == 0 ? "" : " " + w.T($"{w.N(ch.Improved.Count)} chỉ tiêu cải thiện: {w.List(ch.Improved.Select(Up))}.",
            $"{w.N(ch.Improved.Count)} improved: {w.List(ch.Improved.Select(Up))}.");
        return slipped + improved;
    }

    private static string Tasks(Dashboard d, Writer w)
    {
        var t = d.Tasks;
        var first = w.T(
            $"Trong {w.N(t.Counted)} nhiệm vụ, {w.N(t.CompletedOnTime)} hoàn thành đúng hạn, {w.N(t.CompletedLate)} hoàn thành quá hạn, {w.N(t.NotCompletedWithinDeadline)} chưa hoàn thành trong hạn và {w.N(t.NotCompletedOverdue)} chưa hoàn thành quá hạn.",
            $"Of {w.N(t.Counted)} tasks, {w.N(t.CompletedOnTime)} were completed on time, {w.N(t.CompletedLate)} completed late, {w.N(t.NotCompletedWithinDeadline)} are not completed but within their deadline and {w.N(t.NotCompletedOverdue)} are overdue.");
        var overdue = t.OverdueByUnit.Count == 0
            ? w.T("Không có đơn vị nào có nhiệm vụ quá hạn.", "No unit has an overdue task.")
            : w.T($"Đơn vị có nhiệm vụ quá hạn: {w.List(t.OverdueByUnit.Take(DashboardQueries.ListLength).Select(u => $"{u.Name} ({w.N(u.Overdue)})"), t.OverdueByUnit.Count)}.",
                  $"Units with overdue tasks: {w.List(t.OverdueByUnit.Take(DashboardQueries.ListLength).Select(u => $"{u.Name} ({w.N(u.Overdue)})"), t.OverdueByUnit.Count)}.");
        var since = d.Changes is { } ch
            ? " " + w.T($"Từ cuộc họp trước, {w.N(ch.TasksCompleted)} nhiệm vụ đã hoàn thành và {w.N(ch.TasksNewlyOverdue)} nhiệm vụ mới quá hạn.",
                $"Since the last meeting, {w.N(ch.TasksCompleted)} tasks were completed and {w.N(ch.TasksNewlyOverdue)} became overdue.")
            : "";
        return $"{first} {overdue}{since}";
    }

    private static string FollowUps(Dashboard d, Writer w)
    {
        var f = d.FollowUps;
        int C(TaskState s) => f.Count(x => x.State == s);
        var done = C(TaskState.CompletedOnTime) + C(TaskState.CompletedLate);
        var open = C(TaskState.NotStarted) + C(TaskState.InProgress);
        var overdue = f.Where(x => x.State == TaskState.Overdue).ToList();
        var head = w.T(
            $"Thực hiện kết luận của {f[0].MeetingTitle}: {w.N(f.Count)} nhiệm vụ được giao, {w.N(done)} đã hoàn thành, {w.N(open)} đang thực hiện trong hạn, {w.N(overdue.Count)} quá hạn",
            $"On the conclusions of {f[0].MeetingTitle}: {w.N(f.Count)} tasks were assigned, {w.N(done)} are completed, {w.N(open)} are under way within their deadline, {w.N(overdue.Count)} are overdue");
        var which = overdue.Count == 0 ? "." : $" ({w.List(overdue.Select(x => $"{x.TaskTitle} – {x.UnitName}"))}).";
        return head + which;
    }

    private static string Reporting(Dashboard d, Writer w)
    {
        var r = d.Reporting;
        var first = r.Expected == 0
            ? w.T("Chưa có kỳ báo cáo nào kết thúc.", "No reporting period has ended yet.")
            : w.T($"Kỳ báo cáo gần nhất: {w.N(r.Submitted)}/{w.N(r.Expected)} báo cáo đã nộp ({w.Pct(r.Completeness)}), {w.N(r.OnTime)} nộp đúng hạn.",
                  $"Latest reporting period: {w.N(r.Submitted)} of {w.N(r.Expected)} reports submitted ({w.Pct(r.Completeness)}), {w.N(r.OnTime)} on time.");
        var quality = r.Quality is { } q
            ? " " + w.T($"Điểm chất lượng dữ liệu bình quân {w.D(q, 1)}/100.", $"The mean data-quality score is {w.D(q, 1)}/100.")
            : "";
        var units = r.Missing.Select(m => m.UnitName).Distinct().ToList();
        var missing = units.Count == 0
            ? " " + w.T("Tất cả đơn vị đã nộp báo cáo đến hạn.", "Every unit has sent the reports that are due.")
            : " " + w.T($"Chưa nộp báo cáo: {w.List(units.Take(DashboardQueries.ListLength), units.Count)}.",
                        $"Not yet reported: {w.List(units.Take(DashboardQueries.ListLength), units.Count)}.");
        return first + quality + missing;
    }

    private static string Dti(Dashboard d, Writer w)
    {
        if (d.Dti.Count == 0)
        {
            return w.T("Chưa có kết quả chỉ số DTI.", "No DTI result yet.");
        }

        var now = d.Dti[^1];
        var text = w.T($"Chỉ số DTI năm {now.Year} của {d.Unit.Name} đạt {w.D(now.Score, 4)}, xếp hạng {w.N(now.Rank)}",
            $"{d.Unit.Name}'s DTI for {now.Year} is {w.D(now.Score, 4)}, rank {w.N(now.Rank)}");
        if (d.Dti.Count > 1 && d.Dti[^2] is { } before && before.Year == now.Year - 1)
        {
            var places = before.Rank - now.Rank;
            text += places switch
            {
                > 0 => w.T($", tăng {w.N(places)} bậc so với năm {before.Year} (hạng {w.N(before.Rank)}).", $", up {w.N(places)} place(s) from {before.Year} (rank {w.N(before.Rank)})."),
                < 0 => w.T($", giảm {w.N(-places)} bậc so với năm {before.Year} (hạng {w.N(before.Rank)}).", $", down {w.N(-places)} place(s) from {before.Year} (rank {w.N(before.Rank)})."),
                _ => w.T($", giữ nguyên thứ hạng so với năm {before.Year}.", $", the same rank as in {before.Year}."),
            };
        }
        else
        {
            text += ".";
        }

        return text;
    }

    private static string? Movers(Dashboard d, Writer w)
    {
        if (d.MoversUp.Count == 0 && d.MoversDown.Count == 0)
        {
            return null;
        }

        var parts = new List<string>();
        if (d.MoversUp.Count > 0)
        {
            parts.Add(w.T($"Tăng hạng nhiều nhất: {w.List(d.MoversUp.Select(m => $"{m.UnitName} (từ hạng {w.N(m.RankBefore)} lên {w.N(m.Rank)})"))}.",
                $"Biggest movers up: {w.List(d.MoversUp.Select(m => $"{m.UnitName} (from rank {w.N(m.RankBefore)} to {w.N(m.Rank)})"))}."));
        }

        if (d.MoversDown.Count > 0)
        {
            parts.Add(w.T($"Giảm hạng nhiều nhất: {w.List(d.MoversDown.Select(m => $"{m.UnitName} (từ hạng {w.N(m.RankBefore)} xuống {w.N(m.Rank)})"))}.",
                $"Biggest movers down: {w.List(d.MoversDown.Select(m => $"{m.UnitName} (from rank {w.N(m.RankBefore)} to {w.N(m.Rank)})"))}."));
        }

        return string.Join(" ", parts);
    }

    // The members and their indexes are a table of the pack (PackDocument.TablesOf), not a run-on paragraph.
    private static string Members(Dashboard d, Writer w)
    {
        var members = d.Members.Select(m => (m.Position, m.Person)).Distinct().Count();
        return w.T($"{w.N(members)} thành viên Ban Chỉ đạo phụ trách {w.N(d.Members.Count)} chỉ số; kết quả từng chỉ số ở bảng kèm theo.",
            $"{w.N(members)} committee members answer for {w.N(d.Members.Count)} indexes; each one's result is in the table attached.");
    }

    /// <summary>Formatting in the text's language, independent of the reader's culture.</summary>
    private sealed class Writer(bool english)
    {
        private readonly CultureInfo _c = english ? En : Vi;

        public string T(string vi, string en) => english ? en : vi;

        public string N(int n) => n.ToString("N0", _c);

        public string D(double v, int decimals) => v.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), _c);

        public string Pct(double? v) => v is { } x ? x.ToString("0.#", _c) + "%" : "—";

        public static string Date(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

        public string Period(string code)
        {
            if (!Values.Period.TryParse(code, out var p))
            {
                return code;
            }

            var s = p.Display(english);
            return english ? s : char.ToLower(s[0], Vi) + s[1..];
        }

        public string Status(ProgressStatus status) => (status, english) switch
        {
            (ProgressStatus.Achieved, false) => "đã đạt",
            (ProgressStatus.OnTrack, false) => "đúng tiến độ",
            (ProgressStatus.AtRisk, false) => "có nguy cơ chậm",
            (ProgressStatus.OffTrack, false) => "chậm tiến độ",
            (ProgressStatus.Achieved, true) => "achieved",
            (ProgressStatus.OnTrack, true) => "on track",
            (ProgressStatus.AtRisk, true) => "at risk",
            (ProgressStatus.OffTrack, true) => "off track",
            (_, false) => "chưa có số liệu",
            (_, true) => "no data",
        };

        /// <summary>"a, b và c"; with <paramref name="total"/> above the items shown, "a, b và 3 đơn vị khác".</summary>
        public string List(IEnumerable<string> items, int? total = null)
        {
            var list = items.ToList();
            var more = (total ?? list.Count) - list.Count;
            if (more > 0)
            {
                return string.Join(", ", list) + T($" và {N(more)} đơn vị khác", $" and {N(more)} more");
            }

            return list.Count <= 1 ? string.Join("", list) : string.Join(", ", list.Take(list.Count - 1)) + T(" và ", " and ") + list[^1];
        }
    }
}
