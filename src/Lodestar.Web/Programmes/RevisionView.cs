using System.Globalization;
using Lodestar.Programmes;
using Lodestar.Progress;
using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.Programmes;

/// <summary>How a programme's revisions read on a page: each change in words, a path as milestones, a target's time in force.</summary>
public static class RevisionView
{
    public static string Describe(RevisionChangeItem c) => c.Kind switch
    {
        RevisionKind.RenamePillar => T($"Đổi tên trụ cột “{c.Pillar}” thành “{c.NewName}”", $"Pillar “{c.Pillar}” renamed “{c.NewNameEn ?? c.NewName}”"),
        RevisionKind.ChangePath => T($"Lộ trình mới của chỉ tiêu {c.Target}: {Milestones(c.Milestones)}", $"New path of target {c.Target}: {Milestones(c.Milestones)}"),
        RevisionKind.AddTarget => T($"Thêm chỉ tiêu {c.Target} – {c.TargetName}", $"Target {c.Target} added – {c.TargetName}"),
        RevisionKind.RetireTarget => T($"Thôi theo dõi chỉ tiêu {c.Target} – {c.TargetName}", $"Target {c.Target} retired – {c.TargetName}"),
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    /// <summary>"2027: 65; 2030: 80,5" in the reader's culture, without thousands separators: also what a path field takes back.</summary>
    public static string Milestones(IEnumerable<Milestone> milestones) =>
        string.Join("; ", milestones.Select(m => $"{m.Year}: {m.Value.ToString("0.######", CultureInfo.CurrentCulture)}"));

    /// <summary>Since or until when the programme follows a target a revision added or retired; empty for the others.</summary>
    public static string Followed(TargetInfo t) => (t.Added, t.Retired) switch
    {
        (_, { } retired) => Retired(retired),
        ({ } added, null) => T("theo dõi ", "followed ") + Since(added),
        (null, null) => "",
    };

    /// <summary>"thôi theo dõi từ 05/12/2026 theo QĐ 123/QĐ-UBND": from when, and by which decision, a programme stopped following a target.</summary>
    public static string Retired(RevisionMark retired) => T("thôi theo dõi ", "retired ") + Since(retired);

    /// <summary>"từ 05/12/2026 theo QĐ 123/QĐ-UBND": the day a revision took effect and its decision.</summary>
    public static string Since(RevisionMark mark) => T($"từ {Date(mark.On)} theo {mark.Decision}", $"from {Date(mark.On)} by {mark.Decision}");

    /// <summary>A path's name on the target page: the one a decision set, or the first one, named by the decision that followed it.</summary>
    public static string PathName(PathVersion version, PathVersion? next) => version.From is { } from
        ? T($"Lộ trình theo {version.Decision} (từ {Date(from)})", $"Path by {version.Decision} (from {Date(from)})")
        : T($"Lộ trình trước {next?.Decision}", $"Path before {next?.Decision}");
}
