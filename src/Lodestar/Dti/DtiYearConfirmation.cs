using System.Text.Json;
using Lodestar.Common;
using Lodestar.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Dti;

/// <summary>
/// The council's decision behind a confirmation or a revision, as provincial DTI tools record it: the document (number and
/// date), the meeting, who signed and the members present ("Họ tên — chức vụ"). A revision needs its document; the
/// meeting, signatory and members are the confirmation's (a revision may give them).
/// </summary>
public sealed record CouncilDecision(string? DocumentNumber, DateOnly? DocumentDate, DateOnly? MeetingDate = null, string? SignedBy = null,
    IReadOnlyList<string?>? Members = null)
{
    /// <summary>A council is not one person: at least this many members confirm a year.</summary>
    public const int MinMembers = 3;

    /// <summary>The members as given, trimmed, without blanks or repeats.</summary>
    public List<string> CleanMembers() => [.. (Members ?? []).Select(TextFold.Clean).Where(m => m.Length > 0).Distinct(StringComparer.Ordinal)];

    /// <summary>The members of a stored revision (none before issue 16).</summary>
    public static IReadOnlyList<string> MembersOf(DtiYearRevision r) =>
        r.Members is null ? [] : JsonSerializer.Deserialize<List<string>>(r.Members) ?? [];
}

/// <summary>
/// Freezes a framework's year (ADR 0011). The appraisal council confirms the year, recording its decision: the results of
/// the assessments it confirmed are scored, ranked among themselves and stored as revision 1; reads of the year then come
/// from the latest revision. Anything that would change them is a new revision, asked for explicitly with a reason and its
/// document, that recomputes from the confirmed assessments and keeps the earlier revisions. Late or unreviewed assessments
/// never count.
/// </summary>
public sealed class DtiYearConfirmation(LodestarDbContext db, DtiQueries queries)
{
    /// <summary>The council confirms the year's results with its decision (document, meeting, signatory, members): revision 1.</summary>
    public async Task<Outcome<DtiYearRevision>> ConfirmAsync(DtiFramework f, int year, CouncilDecision decision, CancellationToken ct = default)
    {
        if (await LatestAsync(f, year, ct) is not null)
        {
            return Outcome<DtiYearRevision>.Fail("year", $"Kết quả {f.Code} năm {year} đã được Hội đồng xác nhận: thay đổi phải là một lần sửa đổi có lý do.",
                $"The {f.Code} {year} results are already confirmed by the council: a change must be a revision with its reason.");
        }

        var problems = Check(decision, confirming: true);
        return problems.Count > 0 ? Outcome<DtiYearRevision>.Fail(problems) : await FreezeAsync(f, year, null, null, decision, ct);
    }

    /// <summary>Recomputes a confirmed year from the confirmed assessments as revision N+1, with its reason and document; the earlier revisions stay.</summary>
    public async Task<Outcome<DtiYearRevision>> ReviseAsync(DtiFramework f, int year, string? reason, CouncilDecision decision, CancellationToken ct = default)
    {
        var problems = Check(decision, confirming: false);
        if (string.IsNullOrWhiteSpace(reason))
        {
            problems.Insert(0, new Problem("reason", new Msg("Cần nêu lý do sửa đổi kết quả đã được Hội đồng xác nhận.",
                "Give the reason for revising results the council confirmed.")));
        }

        if (problems.Count > 0)
        {
            return Outcome<DtiYearRevision>.Fail(problems);
        }

        var latest = await LatestAsync(f, year, ct);
        if (latest is null)
        {
            return Outcome<DtiYearRevision>.Fail("year", $"Kết quả {f.Code} năm {year} chưa được Hội đồng xác nhận: chưa có gì để sửa đổi.",
                $"The {f.Code} {year} results are not confirmed by the council yet: there is nothing to revise.");
        }

        return await FreezeAsync(f, year, latest, TextFold.Clean(reason!.Trim()), decision, ct);
    }

    /// <summary>
    /// Every problem of a decision at once: the document's number and date (not after today), and for a confirmation the
    /// meeting (not after the document), at least <see cref="CouncilDecision.MinMembers"/> different members and a
    /// signatory among them.
    /// </summary>
    private List<Problem> Check(CouncilDecision d, bool confirming)
    {
        var problems = new List<Problem>();
        void Bad(string field, string vi, string en) => problems.Add(new Problem(field, new Msg(vi, en)));
        var today = db.Today;
        var number = TextFold.Clean(d.DocumentNumber);
        if (number.Length is 0 or > 100)
        {
            Bad("documentNumber", "Cần số văn bản của Hội đồng (ví dụ 15/QĐ-HĐTĐ), tối đa 100 ký tự.", "Give the number of the council's document (e.g. 15/QĐ-HĐTĐ), at most 100 characters.");
        }

        if (d.DocumentDate is not { } signed)
        {
            Bad("documentDate", "Cần ngày ký văn bản.", "Give the date the document was signed.");
        }
        else if (signed > today)
        {
            Bad("documentDate", $"Ngày ký văn bản {signed.ToDisplay()} sau hôm nay.", $"The document date {signed.ToDisplay()} is after today.");
        }

        if (d.MeetingDate is { } met && d.DocumentDate is { } on && met > on)
        {
            Bad("meetingDate", $"Ngày họp {met.ToDisplay()} sau ngày ký văn bản {on.ToDisplay()}.", $"The meeting {met.ToDisplay()} is after the document date {on.ToDisplay()}.");
        }

        var members = d.CleanMembers();
        if (members.Exists(m => m.Length > 200))
        {
            Bad("members", "Mỗi thành viên tối đa 200 ký tự (họ tên — chức vụ).", "Each member is at most 200 characters (name — position).");
        }

        if (!confirming)
        {
            return problems;
        }

        if (d.MeetingDate is null)
        {
            Bad("meetingDate", "Cần ngày họp của Hội đồng.", "Give the date of the council's meeting.");
        }

        if (members.Count < CouncilDecision.MinMembers)
        {
            Bad("members", $"Hội đồng cần ít nhất {CouncilDecision.MinMembers} thành viên dự họp (mỗi dòng một người: họ tên — chức vụ); có {members.Count}.",
                $"The council needs at least {CouncilDecision.MinMembers} members at the meeting (one a line: name — position); there are {members.Count}.");
        }

        var signer = TextFold.Clean(d.SignedBy);
        if (signer.Length == 0)
        {
            Bad("signedBy", "Cần người ký văn bản thay mặt Hội đồng.", "Give who signed the document for the council.");
        }
        else if (!members.Exists(m => m == signer || m.StartsWith(signer + " ", StringComparison.Ordinal)))
        {
            Bad("signedBy", $"Người ký '{signer}' không có trong danh sách thành viên dự họp.", $"The signatory '{signer}' is not among the members at the meeting.");
        }

        return problems;
    }

    private Task<DtiYearRevision?> LatestAsync(DtiFramework f, int year, CancellationToken ct) =>
        db.DtiYearRevisions.AsNoTracking().Include(r => r.Results).Where(r => r.FrameworkId == f.Id && r.Year == year)
            .OrderByDescending(r => r.Number).FirstOrDefaultAsync(ct);

    private async Task<Outcome<DtiYearRevision>> FreezeAsync(DtiFramework f, int year, DtiYearRevision? latest, string? reason, CouncilDecision d, CancellationToken ct)
    {
        var scores = await queries.ConfirmedNowAsync(f, year, ct);
        if (scores.Units.Count == 0)
        {
            return Outcome<DtiYearRevision>.Fail("year", $"{f.Code} năm {year}: chưa có kết quả nào được Hội đồng xác nhận.",
                $"{f.Code} {year}: no result has been confirmed by the council yet.");
        }

        var assessments = await db.DtiAssessments.AsNoTracking().Where(a => a.FrameworkId == f.Id && a.Year == year)
            .ToDictionaryAsync(a => a.OrgUnitId, a => a.Id, ct);
        var members = d.CleanMembers();
        var revision = new DtiYearRevision
        {
            FrameworkId = f.Id, Year = year, Number = (latest?.Number ?? 0) + 1, Reason = reason, At = db.UtcNow, By = db.ActorName,
            DocumentNumber = TextFold.Clean(d.DocumentNumber), DocumentDate = d.DocumentDate, MeetingDate = d.MeetingDate,
            SignedBy = string.IsNullOrWhiteSpace(d.SignedBy) ? null : TextFold.Clean(d.SignedBy), Members = members.Count == 0 ? null : JsonSerializer.Serialize(members),
        };
        revision.Results.AddRange(scores.Units.Select(u => new DtiFrozenResult
        {
            AssessmentId = assessments[u.UnitId], Total = u.Total, Normalised = u.Normalised, Rank = u.Rank,
            Points = JsonSerializer.Serialize(u.Nodes.ToDictionary(n => n.Code, n => n.Points)),
        }));
        if (latest is not null && Same(latest.Results, revision.Results))
        {
            return Outcome<DtiYearRevision>.Fail("reason", $"Tính lại {f.Code} năm {year} cho đúng kết quả đã xác nhận (lần {latest.Number}): không có gì để sửa đổi.",
                $"Recomputing {f.Code} {year} gives the confirmed results (revision {latest.Number}): there is nothing to revise.");
        }

        db.DtiYearRevisions.Add(revision);
        await db.SaveChangesAsync(ct);
        return Outcome<DtiYearRevision>.Ok(revision);
    }

    /// <summary>The same units with the same total, index and rank (at four decimals, as results are published).</summary>
    private static bool Same(List<DtiFrozenResult> a, List<DtiFrozenResult> b) =>
        a.Count == b.Count && a.All(x => b.Any(y => y.AssessmentId == x.AssessmentId && y.Rank == x.Rank
            && DtiEngine.Tied(y.Total, x.Total) && DtiEngine.Tied(y.Normalised, x.Normalised)));
}
