using System.Globalization;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Setup;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Dti;

/// <summary>One component the unit fills: inputs a (and b for a ratio), or the claimed score of a manual one, and its note.</summary>
public sealed record ItemEntry(string? Node, double? A, double? B, string? Note);

/// <summary>The DX office's decision on one item: accept, adjust (with the verified inputs) or return, with a reason.</summary>
public sealed record ReviewEntry(string? Node, string? Decision, double? A, double? B, string? Reason);

/// <summary>
/// Self-assessment → review → council confirmation → publication, shared by the pages and the API (who may call
/// each step is the caller's check: the unit or the DX office fills, the DX office reviews and publishes, the
/// appraisal council confirms). Every step is all or nothing and names the bad item in Vietnamese and English.
/// </summary>
public sealed class DtiWorkflow(LodestarDbContext db, LodestarOptions options)
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public Task<DtiAssessment?> FindAsync(int frameworkId, int year, int unitId, CancellationToken ct = default) =>
        db.DtiAssessments.Include(x => x.Items).ThenInclude(i => i.Evidence)
            .SingleOrDefaultAsync(x => x.FrameworkId == frameworkId && x.Year == year && x.OrgUnitId == unitId, ct);

    /// <summary>The unit may change it: a draft, or an assessment with items the DX office returned.</summary>
    public static bool IsEditable(DtiAssessment? a) => a is null || a.State == AssessmentState.Draft
        || (a.State == AssessmentState.Submitted && a.Items.Any(i => i.Review == ItemReview.Returned));

    /// <summary>An item the unit may change now (the whole draft, or a returned item).</summary>
    public static bool IsEditable(DtiAssessment? a, string node) => a is null || a.State == AssessmentState.Draft
        || (a.State == AssessmentState.Submitted && a.Items.FirstOrDefault(i => i.NodeCode == node) is { Review: ItemReview.Returned });

    public async Task<Outcome<DtiAssessment>> SaveAsync(DtiFramework f, int year, int unitId, IReadOnlyList<ItemEntry> items, bool submit, CancellationToken ct = default)
    {
        var a = await FindAsync(f.Id, year, unitId, ct);
        if (!IsEditable(a))
        {
            return Outcome<DtiAssessment>.Fail("state", $"Bản tự đánh giá đang ở trạng thái {Text.State(a!.State).Vi}: không sửa được.",
                $"The self-assessment is {Text.State(a!.State).En}: it cannot be changed.");
        }

        if (a is null)
        {
            a = new DtiAssessment { FrameworkId = f.Id, OrgUnitId = unitId, Year = year, State = AssessmentState.Draft };
            db.DtiAssessments.Add(a);
        }

        var leaves = f.Nodes.Where(n => n.Kind == NodeKind.Component).ToDictionary(n => n.Code);
        var problems = new List<Problem>();
        foreach (var (item, row) in items.Select((x, i) => (x, i + 1)))
        {
            if (item.Node is null || !leaves.TryGetValue(item.Node, out var node))
            {
                problems.Add(new Problem($"items[{row}].node", new Msg($"Dòng {row}: '{item.Node}' không phải chỉ số thành phần của {f.Code}.", $"Row {row}: '{item.Node}' is not a component of {f.Code}.")));
                continue;
            }

            // Two faults, two messages: a negative input, and a ratio given its numerator without its denominator.
            if (item.A is < 0 || item.B is < 0)
            {
                var field = item.A is < 0 ? "a" : "b";
                problems.Add(new Problem($"items[{row}].{field}", new Msg($"Dòng {row} ({item.Node}): giá trị {field} âm; nhập số không âm.", $"Row {row} ({item.Node}): value {field} is negative; enter a non-negative number.")));
                continue;
            }

            if (node.Rule == RuleKind.Ratio && item.A is not null && item.B is null)
            {
                problems.Add(new Problem($"items[{row}].b", new Msg($"Dòng {row} ({item.Node}): chỉ số tỷ lệ cần cả mẫu số b.", $"Row {row} ({item.Node}): a ratio needs its denominator b too.")));
                continue;
            }

            if (OptionProblem(node, item.A, row) is { } option)
            {
                problems.Add(option);
                continue;
            }

            if (node.Rule == RuleKind.Ratio && item.A > item.B)
            {
                problems.Add(new Problem($"items[{row}].a", new Msg($"Dòng {row} ({item.Node}): tử số a ({item.A}) lớn hơn mẫu số b ({item.B}).", $"Row {row} ({item.Node}): numerator a ({item.A}) is larger than denominator b ({item.B}).")));
                continue;
            }

            if (node.Rule == RuleKind.Manual && item.A is { } claimed)
            {
                if (claimed > node.MaxPoints)
                {
                    problems.Add(new Problem($"items[{row}].a", new Msg($"Dòng {row} ({item.Node}): điểm tự chấm {claimed} vượt điểm tối đa {node.MaxPoints}.", $"Row {row} ({item.Node}): the claimed score {claimed} exceeds the maximum {node.MaxPoints}.")));
                    continue;
                }

                if (string.IsNullOrWhiteSpace(item.Note))
                {
                    problems.Add(new Problem($"items[{row}].note", new Msg($"Dòng {row} ({item.Node}): điểm tự chấm phải có giải trình.", $"Row {row} ({item.Node}): a claimed score needs a justification.")));
                    continue;
                }
            }

            var existing = a.Items.FirstOrDefault(i => i.NodeCode == node.Code);
            if (existing is not null && a.State != AssessmentState.Draft && existing.Review != ItemReview.Returned)
            {
                // Unchanged reviewed items posted back by a form are fine; a change is not.
                if (existing.A != item.A || existing.B != item.B || (existing.Note ?? "") != (item.Note ?? ""))
                {
                    problems.Add(new Problem($"items[{row}].node", new Msg($"Dòng {row} ({item.Node}): mục đã được thẩm tra.", $"Row {row} ({item.Node}): the item has been reviewed.")));
                }

                continue;
            }

            if (existing is null)
            {
                a.Items.Add(existing = new DtiItem { NodeCode = node.Code });
            }

            (existing.A, existing.B, existing.Note, existing.Review) = (item.A, item.B, string.IsNullOrWhiteSpace(item.Note) ? null : TextFold.Clean(item.Note.Trim()), ItemReview.Pending);
        }

        if (submit && problems.Count == 0 && !a.Items.Any(i => i.A is not null))
        {
            problems.Add(new Problem("items", new Msg("Chưa nhập chỉ số thành phần nào: không nộp được bản trống.", "No component filled in: an empty self-assessment cannot be submitted.")));
        }

        if (problems.Count > 0)
        {
            db.ChangeTracker.Clear();
            return Outcome<DtiAssessment>.Fail(problems);
        }

        if (submit)
        {
            a.State = AssessmentState.Submitted;
            a.SubmittedAt = db.UtcNow;
            a.SubmittedBy = db.ActorName;
        }

        await db.SaveChangesAsync(ct);
        return Outcome<DtiAssessment>.Ok(a);
    }

    /// <summary>The field of the problem given when the submitter tries to review his own self-assessment.</summary>
    public const string ReviewerField = "reviewer";

    public async Task<Outcome<DtiAssessment>> ReviewAsync(DtiFramework f, int year, int unitId, IReadOnlyList<ReviewEntry> items, CancellationToken ct = default)
    {
        var a = await FindAsync(f.Id, year, unitId, ct);
        if (a is null || a.State is not (AssessmentState.Submitted or AssessmentState.Reviewed))
        {
            return Outcome<DtiAssessment>.Fail("state", "Chỉ thẩm tra được bản đã nộp và chưa được Hội đồng xác nhận.", "Only a submitted assessment not yet confirmed can be reviewed.");
        }

        // Separation of duties: whoever submitted the assessment (the DX office may fill one in for a unit) does not review it.
        if (a.SubmittedBy == db.ActorName)
        {
            return Outcome<DtiAssessment>.Fail(ReviewerField, "Người nộp bản tự đánh giá không được tự thẩm tra bản đó; cần một cán bộ khác của Văn phòng chuyển đổi số.",
                "Whoever submitted the self-assessment may not review it; another DX office officer must.");
        }

        var problems = new List<Problem>();
        foreach (var (r, row) in items.Select((x, i) => (x, i + 1)))
        {
            var item = a.Items.FirstOrDefault(i => i.NodeCode == r.Node);
            var decision = r.Decision?.Trim().ToLowerInvariant() switch
            {
                "accept" => ItemReview.Accepted,
                "adjust" => ItemReview.Adjusted,
                "return" => ItemReview.Returned,
                _ => (ItemReview?)null,
            };
            if (item is null)
            {
                problems.Add(new Problem($"items[{row}].node", new Msg($"Dòng {row}: bản tự đánh giá không có mục '{r.Node}'.", $"Row {row}: the assessment has no item '{r.Node}'.")));
                continue;
            }

            if (decision is null)
            {
                problems.Add(new Problem($"items[{row}].decision", new Msg($"Dòng {row} ({r.Node}): quyết định '{r.Decision}' không có; gửi accept (chấp nhận), adjust (điều chỉnh) hoặc return (trả lại).",
                    $"Row {row} ({r.Node}): decision '{r.Decision}' does not exist; send accept, adjust or return.")));
                continue;
            }

            if (decision != ItemReview.Accepted && string.IsNullOrWhiteSpace(r.Reason))
            {
                problems.Add(new Problem($"items[{row}].reason", new Msg($"Dòng {row} ({r.Node}): điều chỉnh hoặc trả lại phải nêu lý do.", $"Row {row} ({r.Node}): adjusting or returning needs a reason.")));
                continue;
            }

            if (decision == ItemReview.Adjusted && (r.A is null || r.A < 0 || r.B < 0))
            {
                problems.Add(new Problem($"items[{row}].a", new Msg($"Dòng {row} ({r.Node}): điều chỉnh phải có giá trị a không âm.", $"Row {row} ({r.Node}): an adjustment needs a non-negative value a.")));
                continue;
            }

            if (decision == ItemReview.Adjusted && f.Nodes.FirstOrDefault(n => n.Code == item.NodeCode) is { } node && OptionProblem(node, r.A, row) is { } option)
            {
                problems.Add(option);
                continue;
            }

            (item.Review, item.VerifiedA, item.VerifiedB, item.ReviewReason, item.ReviewedBy, item.ReviewedAt) =
                (decision.Value, decision == ItemReview.Adjusted ? r.A : null, decision == ItemReview.Adjusted ? r.B : null,
                 string.IsNullOrWhiteSpace(r.Reason) ? null : r.Reason.Trim(), db.ActorName, db.UtcNow);
        }

        if (problems.Count > 0)
        {
            db.ChangeTracker.Clear();
            return Outcome<DtiAssessment>.Fail(problems);
        }

        a.State = a.Items.All(i => i.Review is ItemReview.Accepted or ItemReview.Adjusted) ? AssessmentState.Reviewed : AssessmentState.Submitted;
        await db.SaveChangesAsync(ct);
        return Outcome<DtiAssessment>.Ok(a);
    }

    /// <summary>The appraisal council confirms a reviewed assessment; it is then locked.</summary>
    public async Task<Outcome<DtiAssessment>> ConfirmAsync(DtiFramework f, int year, int unitId, CancellationToken ct = default)
    {
        var a = await FindAsync(f.Id, year, unitId, ct);
        if (a is null || a.State != AssessmentState.Reviewed)
        {
            return Outcome<DtiAssessment>.Fail("state", "Chỉ xác nhận được bản đã thẩm tra xong mọi mục.", "Only an assessment whose every item is reviewed can be confirmed.");
        }

        (a.State, a.ConfirmedAt, a.ConfirmedBy) = (AssessmentState.Confirmed, db.UtcNow, db.ActorName);
        await db.SaveChangesAsync(ct);
        return Outcome<DtiAssessment>.Ok(a);
    }

    /// <summary>The DX office publishes a confirmed assessment.</summary>
    public async Task<Outcome<DtiAssessment>> PublishAsync(DtiFramework f, int year, int unitId, CancellationToken ct = default)
    {
        var a = await FindAsync(f.Id, year, unitId, ct);
        if (a is null || a.State != AssessmentState.Confirmed)
        {
            return Outcome<DtiAssessment>.Fail("state", "Chỉ công bố được kết quả Hội đồng đã xác nhận.", "Only a result confirmed by the council can be published.");
        }

        a.State = AssessmentState.Published;
        await db.SaveChangesAsync(ct);
        return Outcome<DtiAssessment>.Ok(a);
    }

    /// <summary>Evidence files for one component, while the unit may still change that item; files are removed if the save fails.</summary>
    public async Task<Outcome<int>> AttachAsync(DtiFramework f, int year, int unitId, string? node, IReadOnlyList<EvidenceUpload> files, CancellationToken ct = default)
    {
        var leaf = f.Nodes.FirstOrDefault(n => n.Kind == NodeKind.Component && n.Code == node);
        var problems = EvidenceFiles.Problems(files).ToList();
        if (leaf is null)
        {
            problems.Insert(0, new Problem("node", new Msg($"'{node}' không phải chỉ số thành phần của {f.Code}.", $"'{node}' is not a component of {f.Code}.")));
        }

        if (files.Count == 0)
        {
            problems.Add(new Problem("evidence", new Msg("Chọn ít nhất một tệp.", "Choose at least one file.")));
        }

        var a = await FindAsync(f.Id, year, unitId, ct);
        if (leaf is not null && !IsEditable(a, leaf.Code))
        {
            problems.Add(new Problem("evidence", new Msg("Mục đã nộp hoặc đã thẩm tra: không thêm được tệp.", "The item is submitted or reviewed: files cannot be added.")));
        }

        if (problems.Count == 0 && await new EvidenceQuota(db, options).CheckAsync(unitId, files, ct) is { } full)
        {
            problems.Add(full);
        }

        if (problems.Count > 0)
        {
            return Outcome<int>.Fail(problems);
        }

        if (a is null)
        {
            a = new DtiAssessment { FrameworkId = f.Id, OrgUnitId = unitId, Year = year, State = AssessmentState.Draft };
            db.DtiAssessments.Add(a);
        }

        var item = a.Items.FirstOrDefault(i => i.NodeCode == leaf!.Code);
        if (item is null)
        {
            a.Items.Add(item = new DtiItem { NodeCode = leaf!.Code });
        }

        await db.SaveChangesAsync(ct);
        var stored = await EvidenceFiles.WriteAsync(options.DataDirectory, EvidenceFiles.Folder("dti", item.Id), files, ct);
        item.Evidence.AddRange(stored.Select(s => new DtiEvidence
        {
            FileName = s.FileName, ContentType = s.ContentType, Size = s.Size, StoredName = s.StoredPath, UploadedAt = db.UtcNow, UploadedBy = db.ActorName,
        }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            EvidenceFiles.Delete(options.DataDirectory, stored);
            throw;
        }

        return Outcome<int>.Ok(files.Count);
    }

    /// <summary>An evidence file with the unit it belongs to (for the scope check), its assessment's state and its full path.</summary>
    public async Task<(DtiEvidence Evidence, int UnitId, AssessmentState State, string Path)?> EvidenceAsync(int id, CancellationToken ct = default)
    {
        var row = await (from e in db.DtiEvidence.AsNoTracking()
                         join i in db.DtiItems on e.ItemId equals i.Id
                         join a in db.DtiAssessments on i.AssessmentId equals a.Id
                         where e.Id == id
                         select new { e, a.OrgUnitId, a.State }).SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        return PathOf(row.e) is { } path ? (row.e, row.OrgUnitId, row.State, path) : null;
    }

    /// <summary>The full path of a stored evidence file; null when it is missing or its name would lead outside the data directory.</summary>
    public string? PathOf(DtiEvidence evidence)
    {
        var root = Path.GetFullPath(options.DataDirectory);
        var path = Path.GetFullPath(Path.Combine(options.DataDirectory, evidence.StoredName));
        return File.Exists(path) && path.StartsWith(root, StringComparison.Ordinal) ? path : null;
    }

    /// <summary>
    /// A categorical input that is not the position of one of its options (0.7, or 7 of 3): named with the options, since
    /// the rule would otherwise score it as some option or as nothing without saying so.
    /// </summary>
    private static Problem? OptionProblem(DtiNode node, double? a, int row)
    {
        if (node.Rule != RuleKind.Categorical || a is not { } value || node.ToModel().Rule is not { } rule || rule.IsOption(value))
        {
            return null;
        }

        var options = string.Join(", ", rule.Options.Select((o, i) => $"{i.ToString(CultureInfo.InvariantCulture)} = {o}"));
        return new Problem($"items[{row}].a", new Msg(
            $"Dòng {row} ({node.Code}): lựa chọn '{value.ToString(Vi)}' không có; nhập số thứ tự của một trong {rule.Options.Length} lựa chọn ({options}).",
            $"Row {row} ({node.Code}): option '{value.ToString(CultureInfo.InvariantCulture)}' does not exist; enter the number of one of the {rule.Options.Length} options ({options})."));
    }

    /// <summary>Words for the states and decisions, in both languages.</summary>
    public static class Text
    {
        public static Msg State(AssessmentState s) => s switch
        {
            AssessmentState.Draft => new("Bản nháp", "Draft"),
            AssessmentState.Submitted => new("Đã nộp, chờ thẩm tra", "Submitted, awaiting review"),
            AssessmentState.Reviewed => new("Đã thẩm tra, chờ Hội đồng xác nhận", "Reviewed, awaiting the council"),
            AssessmentState.Confirmed => new("Hội đồng đã xác nhận", "Confirmed by the council"),
            AssessmentState.Published => new("Đã công bố", "Published"),
            _ => new(s.ToString(), s.ToString()),
        };

        public static Msg Review(ItemReview r) => r switch
        {
            ItemReview.Pending => new("Chờ thẩm tra", "Pending"),
            ItemReview.Accepted => new("Chấp nhận", "Accepted"),
            ItemReview.Adjusted => new("Điều chỉnh", "Adjusted"),
            ItemReview.Returned => new("Trả lại", "Returned"),
            _ => new(r.ToString(), r.ToString()),
        };
    }
}
