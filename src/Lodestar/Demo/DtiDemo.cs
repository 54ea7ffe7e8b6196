using System.Globalization;
using Lodestar.Audit;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Dti;
using Lodestar.OrgUnits;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Demo;

/// <summary>
/// The DTI part of the demo: the national frameworks of QĐ 922 (2022–2024) and QĐ 405 (from 2025) as published
/// (data/dti), an agency-level and a commune-level framework of the demo province built on rules read from published
/// provincial indexes, three years of assessments (2024–2026; 2026 in every review state) and the province's
/// national history. Every score is demonstration data. Deterministic (fixed seed).
/// </summary>
public sealed class DtiDemo(LodestarDbContext db)
{
    public const string Agencies = "LS-SO";
    public const string Communes = "LS-XA";
    public const int CurrentYear = 2026;
    private const string DemoNote = "Dữ liệu minh họa (demonstration data), không phải kết quả công bố";

    private static readonly string ThanhHoa = "Quy tắc theo Bộ chỉ số CĐS cấp xã Thanh Hóa (data/dti/dti_local_example.csv)";
    private static readonly string District = "Quy tắc theo Bộ chỉ số CĐS cấp huyện trên thuvienphapluat (data/dti/dti_local_example.csv)";

    /// <summary>Code, parent, kind, max, rule, parameters, name, rule text, evidence, source note; group II scores communes only.</summary>
    private static readonly (string Code, string? Parent, NodeKind Kind, double Max, RuleKind? Rule, string? Params, string Name, string? RuleText, string? Evidence, bool CommuneOnly)[] Local =
    [
        ("I", null, NodeKind.Group, 200, null, null, "Nhóm chỉ số nền tảng chung", null, null, false),
        ("1", "I", NodeKind.Main, 60, null, null, "Nhận thức số", null, null, false),
        ("1.1", "1", NodeKind.Component, 20, RuleKind.Categorical, "truong=1;pho=0.5;khong=0", "Người đứng đầu là Trưởng ban Ban Chỉ đạo chuyển đổi số",
            "Trưởng ban là người đứng đầu: điểm tối đa; là cấp phó: 1/2 điểm tối đa; chưa có BCĐ hoặc Trưởng ban không phải cấp trưởng/cấp phó: 0 điểm. " + ThanhHoa,
            "Quyết định thành lập/kiện toàn Ban Chỉ đạo (số hiệu, ngày, trích yếu)", false),
        ("1.2", "1", NodeKind.Component, 20, RuleKind.Tiered, "4=20;3=15;2=10;1=5", "Ban Chỉ đạo chuyển đổi số tổ chức các cuộc họp trong năm",
            "Họp 4 lần/năm: 20 điểm; 3 lần: 15; 2 lần: 10; 1 lần: 5; còn lại: 0 điểm. " + District, "Thông báo kết luận các cuộc họp", false),
        ("1.3", "1", NodeKind.Component, 20, RuleKind.Ratio, null, "Văn bản chỉ đạo chuyên đề về chuyển đổi số do người đứng đầu ký",
            "a = số văn bản chỉ đạo chuyên đề về CĐS do người đứng đầu ký; b = tổng số văn bản theo yêu cầu của tỉnh; Điểm = a/b × điểm tối đa. " + District,
            "Danh mục văn bản (số hiệu, ngày, trích yếu)", false),
        ("2", "I", NodeKind.Main, 40, null, null, "Thể chế số", null, null, false),
        ("2.1", "2", NodeKind.Component, 20, RuleKind.Threshold, "1", "Ban hành kế hoạch chuyển đổi số năm", "Có: điểm tối đa; không: 0 điểm.", "Kế hoạch đã ban hành", false),
        ("2.2", "2", NodeKind.Component, 20, RuleKind.Ratio, null, "Kinh phí chi cho chuyển đổi số so với kế hoạch", "a = kinh phí đã chi; b = kinh phí kế hoạch; Điểm = a/b × điểm tối đa.", "Báo cáo quyết toán", false),
        ("3", "I", NodeKind.Main, 50, null, null, "Hạ tầng số", null, null, false),
        ("3.1", "3", NodeKind.Component, 25, RuleKind.Linear, "0;100", "Tỷ lệ máy trạm kết nối mạng truyền số liệu chuyên dùng (%)", "Tuyến tính từ 0% (0 điểm) đến 100% (điểm tối đa).", "Báo cáo của đơn vị, xác minh của Sở KH&CN", false),
        ("3.2", "3", NodeKind.Component, 25, RuleKind.CountCapped, "5", "Số điểm truy cập Internet/wifi công cộng miễn phí", "5 điểm mỗi điểm truy cập, tối đa 25 điểm.", "Danh sách điểm truy cập", false),
        ("4", "I", NodeKind.Main, 50, null, null, "Nhân lực số", null, null, false),
        ("4.1", "4", NodeKind.Component, 25, RuleKind.RelativeToBest, null, "Số lượt cán bộ được tập huấn kỹ năng số", "Điểm = giá trị của đơn vị ÷ giá trị lớn nhất trong nhóm × điểm tối đa.", "Danh sách học viên, chứng nhận", false),
        ("4.2", "4", NodeKind.Component, 25, RuleKind.Ratio, null, "Tỷ lệ cán bộ có tài khoản và sử dụng hệ thống quản lý văn bản", "a/b × điểm tối đa.", "Trích xuất từ hệ thống", false),
        ("II", null, NodeKind.Group, 100, null, null, "Nhóm chỉ số hoạt động", null, null, true),
        ("5", "II", NodeKind.Main, 50, null, null, "Hoạt động chính quyền số", null, null, true),
        ("5.1", "5", NodeKind.Component, 30, RuleKind.Linear, "0;80", "Tỷ lệ hồ sơ thủ tục hành chính trực tuyến toàn trình (%)", "Tuyến tính từ 0% đến 80% (điểm tối đa).", "Số liệu Cổng dịch vụ công", true),
        ("5.2", "5", NodeKind.Component, 20, RuleKind.Ratio, null, "Tỷ lệ văn bản đi được ký số", "a/b × điểm tối đa.", "Trích xuất từ hệ thống", true),
        ("6", "II", NodeKind.Main, 50, null, null, "Hoạt động kinh tế số và xã hội số", null, null, true),
        ("6.1", "6", NodeKind.Component, 25, RuleKind.RelativeToBest, null, "Số hộ kinh doanh, hợp tác xã bán hàng trên sàn thương mại điện tử", "Giá trị ÷ giá trị lớn nhất trong nhóm × điểm tối đa.", "Danh sách hộ, gian hàng", true),
        ("6.2", "6", NodeKind.Component, 25, RuleKind.Manual, null, "Đánh giá của Hội đồng về mô hình chuyển đổi số tiêu biểu", "Hội đồng chấm, có giải trình.", "Báo cáo mô hình, hình ảnh", true),
    ];

    public async Task<bool> IsSeededAsync(CancellationToken ct = default) => await db.DtiFrameworks.AnyAsync(ct);

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (await IsSeededAsync(ct))
        {
            return;
        }

        var province = await db.OrgUnits.SingleAsync(u => u.Code == DemoSeeder.ProvinceCode && u.Level == OrgUnitLevel.Province && u.ValidTo == null, ct);
        var national = NationalFrameworks();
        db.DtiFrameworks.AddRange(national);
        var agencyFw = LocalFramework(Agencies, "Bộ chỉ số chuyển đổi số các sở, ban, ngành tỉnh Lạng Sơn", OrgUnitLevel.Agency, province.Id, communeLevel: false);
        var communeFw = LocalFramework(Communes, "Bộ chỉ số chuyển đổi số cấp xã tỉnh Lạng Sơn", OrgUnitLevel.Commune, province.Id, communeLevel: true);
        db.DtiFrameworks.AddRange(agencyFw, communeFw);
        await db.SaveChangesAsync(ct);

        var units = await db.OrgUnits
            .Where(u => !u.IsOfficial ? u.Code.StartsWith(DemoSeeder.ProvinceCode + ".") && u.Level == OrgUnitLevel.Agency : false)
            .OrderBy(u => u.Code).Select(u => new { u.Id, u.Code, u.Level }).ToListAsync(ct);
        var communes = await db.OrgUnitParents.ValidOn(Common.Dates.Reform2025)
            .Where(l => l.ParentId == province.Id && l.Child.Level == OrgUnitLevel.Commune)
            .OrderBy(l => l.Child.Code).Select(l => new { l.Child.Id, l.Child.Code, l.Child.Level }).ToListAsync(ct);

        // 2024 was assessed on the communes of the time (under the districts): the 2025 communes did not exist yet, and
        // their 2024 figures are derived along the lineage (DtiQueries, the framework's rule: mean).
        var end2024 = new DateOnly(2024, 12, 31);
        var districts = await db.OrgUnitParents.ValidOn(end2024).Where(l => l.ParentId == province.Id).Select(l => l.ChildId).ToListAsync(ct);
        var oldCommunes = await db.OrgUnitParents.ValidOn(end2024)
            .Where(l => districts.Contains(l.ParentId) && l.Child.Level == OrgUnitLevel.Commune)
            .OrderBy(l => l.Child.Code).Select(l => new { l.Child.Id, l.Child.Code, l.Child.Level }).ToListAsync(ct);

        var random = new Random(2026);
        var assessments = new List<DtiAssessment>();
        foreach (var (fw, list, first) in new[] { (agencyFw, units, CurrentYear - 2), (communeFw, communes, CurrentYear - 1), (communeFw, oldCommunes, CurrentYear - 2) })
        {
            var leaves = fw.Nodes.Where(n => n.Kind == NodeKind.Component).ToList();
            var last = list == oldCommunes ? CurrentYear - 2 : CurrentYear;
            foreach (var (unit, index) in list.Select((u, i) => (u, i)))
            {
                var quality = 0.35 + (0.6 * random.NextDouble());
                var pace = 0.02 + (0.08 * random.NextDouble());
                for (var year = first; year <= last; year++)
                {
                    var q = Math.Min(1, quality + (pace * (year - CurrentYear + 2)));
                    var state = year < CurrentYear ? AssessmentState.Published : (AssessmentState)(index % 5);
                    var a = new DtiAssessment
                    {
                        FrameworkId = fw.Id, OrgUnitId = unit.Id, Year = year, State = state, Origin = AssessmentOrigin.SelfAssessment,
                        IsDemo = true, Source = DemoNote,
                        // The current year's review is under way (autumn 2026); earlier years were submitted in January and confirmed in March.
                        SubmittedAt = state >= AssessmentState.Submitted ? (year == CurrentYear ? new DateTime(year, 10, 20, 2, 0, 0, DateTimeKind.Utc) : new DateTime(year + 1, 1, 20, 2, 0, 0, DateTimeKind.Utc)) : null,
                        SubmittedBy = state >= AssessmentState.Submitted ? "demo" : null,
                        ConfirmedAt = state >= AssessmentState.Confirmed ? (year == CurrentYear ? new DateTime(year, 11, 10, 2, 0, 0, DateTimeKind.Utc) : new DateTime(year + 1, 3, 15, 2, 0, 0, DateTimeKind.Utc)) : null,
                        ConfirmedBy = state >= AssessmentState.Confirmed ? "demo" : null,
                    };
                    foreach (var (leaf, k) in leaves.Select((l, k) => (l, k)))
                    {
                        var (x, y) = Inputs(leaf, q, random);
                        var item = new DtiItem
                        {
                            NodeCode = leaf.Code, A = x, B = y, Note = leaf.Rule == RuleKind.Manual ? "Mô hình tiêu biểu của đơn vị (minh họa)" : null,
                            Review = state >= AssessmentState.Reviewed ? ItemReview.Accepted : ItemReview.Pending,
                        };

                        // The current year shows the review in progress: a submitted assessment with one item adjusted and one returned.
                        if (year == CurrentYear && state == AssessmentState.Submitted && index % 10 == 1 && k < 2)
                        {
                            (item.Review, item.ReviewReason, item.ReviewedBy, item.ReviewedAt) = k == 0
                                ? (ItemReview.Adjusted, "Minh chứng chỉ xác nhận một phần số liệu (minh họa)", "demo", new DateTime(year, 11, 2, 2, 0, 0, DateTimeKind.Utc))
                                : (ItemReview.Returned, "Thiếu văn bản minh chứng; đề nghị bổ sung (minh họa)", "demo", new DateTime(year, 11, 2, 2, 0, 0, DateTimeKind.Utc));
                            if (k == 0)
                            {
                                (item.VerifiedA, item.VerifiedB) = (x is { } v ? Math.Floor(v * 0.8) : 0, y);
                            }
                        }
                        else if (year == CurrentYear && state == AssessmentState.Submitted && index % 10 == 6 && k < 3)
                        {
                            (item.Review, item.ReviewedBy, item.ReviewedAt) = (ItemReview.Accepted, "demo", new DateTime(year, 11, 2, 2, 0, 0, DateTimeKind.Utc));
                        }

                        a.Items.Add(item);
                    }

                    assessments.Add(a);
                }
            }
        }

        await SeedCommitteeAsync(province.Id, ct);

        // The province's national history (demonstration figures: the published ones are imported through the API).
        var p922 = national[0];
        var p405 = national[1];
        (int Year, DtiFramework Fw, double Score, int Rank)[] history = [(2022, p922, 0.3712, 41), (2023, p922, 0.4398, 36), (2024, p922, 0.5105, 31), (2025, p405, 0.5630, 27)];
        foreach (var (year, fw, score, rank) in history)
        {
            var a = new DtiAssessment
            {
                FrameworkId = fw.Id, OrgUnitId = province.Id, Year = year, State = AssessmentState.Published, Origin = AssessmentOrigin.Published,
                PublishedScore = score, PublishedRank = rank, IsDemo = true, Source = DemoNote,
            };
            foreach (var main in fw.Nodes.Where(n => n.Kind == NodeKind.Main && n.MaxPoints > 0))
            {
                var v = Math.Clamp(score + ((random.NextDouble() - 0.5) * 0.2), 0, 1);
                a.Items.Add(new DtiItem { NodeCode = main.Code, A = Math.Round(v * main.MaxPoints, 4), Review = ItemReview.Accepted });
            }

            assessments.Add(a);
        }

        await LoadAsync(assessments, ct);

        // The council confirmed the past years of the province's own frameworks at a meeting, by a signed decision (fictional
        // people and numbers): their results are frozen (ADR 0011).
        var confirmation = new DtiYearConfirmation(db, new DtiQueries(db));
        string[] council = ["Hoàng Minh Đức — Phó Chủ tịch UBND tỉnh, Chủ tịch Hội đồng", "Lương Thị Hạnh — Giám đốc Sở Khoa học và Công nghệ, Phó Chủ tịch Hội đồng",
            "Vi Văn Tâm — Chánh Văn phòng UBND tỉnh, thành viên", "Nông Thị Lan — Giám đốc Sở Nội vụ, thành viên"];
        foreach (var fw in new[] { agencyFw, communeFw })
        {
            for (var year = CurrentYear - 2; year < CurrentYear; year++)
            {
                var signed = new DateOnly(year + 1, 3, 20) < db.Today ? new DateOnly(year + 1, 3, 20) : db.Today;
                var decision = new CouncilDecision($"{(fw == communeFw ? 12 : 11) + (year - 2024) * 10}/QĐ-HĐTĐ", signed, signed.AddDays(-3), "Hoàng Minh Đức", council);
                if (!(await confirmation.ConfirmAsync(fw, year, decision, ct)).Succeeded)
                {
                    throw new InvalidOperationException($"The demo could not confirm {fw.Code} {year}.");
                }
            }
        }
    }

    /// <summary>
    /// The 11,000-odd assessments and items written straight (Data/DirectInsert, as the official organisation is), not
    /// through the change tracker, which took most of this step: stamped as a save stamps them, one audit entry for the
    /// load, joined to the change feed. Nothing is left tracked for the confirmations' saves to look through.
    /// </summary>
    private async Task LoadAsync(List<DtiAssessment> assessments, CancellationToken ct)
    {
        var now = db.UtcNow;
        var items = assessments.SelectMany(a => a.Items).ToList();
        foreach (var row in assessments.Cast<ITracked>().Concat(items))
        {
            (row.CreatedAt, row.UpdatedAt, row.CreatedBy, row.UpdatedBy) = (now, now, db.ActorName, db.ActorName);
        }

        await DirectInsert.InTransactionAsync(db, async () =>
        {
            await DirectInsert.InsertAsync(db, assessments, ct);
            var ids = await db.DtiAssessments.Where(a => a.IsDemo).Select(a => new { a.FrameworkId, a.Year, a.OrgUnitId, a.Id })
                .ToDictionaryAsync(a => (a.FrameworkId, a.Year, a.OrgUnitId), a => a.Id, ct);
            foreach (var a in assessments)
            {
                a.Items.ForEach(i => i.AssessmentId = ids[(a.FrameworkId, a.Year, a.OrgUnitId)]);
            }

            await DirectInsert.InsertAsync(db, items, ct);
            await ChangeFeed.JoinAsync(db, ChangeKinds.Dti, rebuild: false, ct);
            db.AuditEntries.Add(new AuditEntry
            {
                At = now, User = db.ActorName, Action = "import", Entity = nameof(DtiAssessment), Key = "demo",
                After = System.Text.Json.JsonSerializer.Serialize(new { assessments = assessments.Count, items = items.Count }),
            });
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    /// <summary>
    /// The demo committee: the chair of the province as head, the standing vice-chair as standing deputy, and heads of
    /// agencies as members, each answering for indexes in the pattern of the province's decisions (fictional people, the
    /// positions of the demo). The commune index 6 (model of the year, 6.2) is left without an owner: a gap the page flags.
    /// </summary>
    private async Task SeedCommitteeAsync(int provinceId, CancellationToken ct)
    {
        var positions = await db.Positions.Include(p => p.OrgUnit).Where(p => p.OrgUnitId == provinceId || p.OrgUnit.Code.StartsWith(DemoSeeder.ProvinceCode + "."))
            .ToListAsync(ct);
        (string Unit, bool Head, SteeringRole Role, string Owns)[] seats =
        [
            (DemoSeeder.ProvinceCode, true, SteeringRole.Head, "P405:P405.1;LS-XA:1;LS-SO:1"),
            (DemoSeeder.ProvinceCode, false, SteeringRole.StandingDeputy, "P405:P405.II;LS-SO:I"),
            ("20.SKHCN", true, SteeringRole.Member, "P405:P405.3;P405:P405.5;LS-XA:3"),
            ("20.SNV", true, SteeringRole.Member, "P405:P405.2;LS-XA:2;LS-XA:4"),
            ("20.STC", true, SteeringRole.Member, "LS-XA:2.2;LS-SO:2.2"),
            ("20.SGDDT", true, SteeringRole.Member, "P405:P405.4"),
            ("20.VP", true, SteeringRole.Member, "LS-XA:5.2"),
            ("20.TTPVHCC", true, SteeringRole.Member, "LS-XA:5.1"),
            ("20.SCT", true, SteeringRole.Member, "LS-XA:6.1"),
        ];
        foreach (var (seat, order) in seats.Select((s, i) => (s, i)))
        {
            var position = positions.Where(p => p.OrgUnit.Code == seat.Unit && p.IsHead == seat.Head).OrderBy(p => p.SortOrder).FirstOrDefault();
            if (position is not null)
            {
                db.DtiSteeringMembers.Add(new DtiSteeringMember { ProvinceId = provinceId, PositionId = position.Id, Role = seat.Role, Owns = seat.Owns, SortOrder = order });
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>A leaf's inputs (a, b) for a unit of quality <paramref name="q"/> (0–1), jittered.</summary>
    internal static (double? A, double? B) Inputs(DtiNode leaf, double q, Random r)
    {
        var jitter = Math.Clamp(q + ((r.NextDouble() - 0.5) * 0.3), 0, 1);
        return leaf.Rule switch
        {
            RuleKind.Categorical => (jitter > 0.6 ? 0 : jitter > 0.3 ? 1 : 2, null),
            RuleKind.Tiered => (Math.Round(jitter * 4), null),
            RuleKind.Ratio => (Math.Round(jitter * 20), 20),
            RuleKind.Threshold => (jitter > 0.4 ? 1 : 0, null),
            RuleKind.Linear => (Math.Round(jitter * 100, 1), null),
            RuleKind.CountCapped => (Math.Round(jitter * 6), null),
            RuleKind.RelativeToBest => (Math.Round(jitter * 400), null),
            RuleKind.Manual or _ => (Math.Round(jitter * leaf.MaxPoints, 1), null),
        };
    }

    /// <summary>A local framework on the demo's node table (group II, activity, for communes only); a null province makes it national.</summary>
    internal static DtiFramework LocalFramework(string code, string name, OrgUnitLevel level, int? provinceId, bool communeLevel)
    {
        var fw = new DtiFramework
        {
            Code = code, Name = name, Level = level, ProvinceId = provinceId, Version = "2024", FirstYear = 2024, IsDemo = true,
            Source = "Khung minh họa theo mẫu QĐ 922/QĐ-BTTTT và các bộ chỉ số cấp huyện, xã đã công bố (data/dti/dti_local_example.csv); dữ liệu minh họa",
        };
        var order = 0;
        foreach (var n in Local.Where(n => communeLevel || !n.CommuneOnly))
        {
            fw.Nodes.Add(new DtiNode
            {
                Code = n.Code, ParentCode = n.Parent, Kind = n.Kind, SortOrder = order++, Name = n.Name, MaxPoints = n.Max,
                Rule = n.Rule, RuleParameters = n.Params, RuleText = n.RuleText, Evidence = n.Evidence,
                DataSource = n.Kind == NodeKind.Component ? "Đơn vị tự đánh giá" : null,
                Verifier = n.Kind == NodeKind.Component ? "Sở Khoa học và Công nghệ" : null,
            });
        }

        return fw;
    }

    private static string FrameworkVersion(string code) => code == "P922" ? "QĐ 922/QĐ-BTTTT" : "QĐ 405/QĐ-BKHCN";

    /// <summary>P922 and P405 from data/dti/dti_framework_structure.csv (the pillar "views" are left out: they are not scored).</summary>
    public static List<DtiFramework> NationalFrameworks(string? path = null)
    {
        path ??= Path.Combine(AppContext.BaseDirectory, "data", "dti", "dti_framework_structure.csv");
        var rows = CsvRows.ReadTable(path);
        var result = new List<DtiFramework>();
        foreach (var (code, first, last) in new[] { ("P922", 2022, (int?)2024), ("P405", 2025, (int?)null) })
        {
            var root = rows.Single(r => r["code"] == code);
            var fw = new DtiFramework
            {
                // The file's name_vi is a research note ("… (điểm từng chỉ số chưa tìm thấy)"), not a title to print.
                Code = code, Name = $"Chỉ số chuyển đổi số cấp tỉnh ({FrameworkVersion(code)})", NameEn = $"Provincial digital transformation index ({FrameworkVersion(code)})",
                Level = OrgUnitLevel.Province, Version = FrameworkVersion(code),
                FirstYear = first, LastYear = last, Derivation = DerivationRule.Mean, Source = root["source"],
            };
            var order = 0;
            foreach (var r in rows.Where(r => r["parent_code"] == code || rows.Any(p => p["code"] == r["parent_code"] && p["parent_code"] == code)))
            {
                if (r["name_vi"].Contains("(view)", StringComparison.Ordinal))
                {
                    continue;
                }

                var kind = r["level"] == "1" ? NodeKind.Group : NodeKind.Main;
                var known = double.TryParse(r["max_points_or_weight"], NumberStyles.Float, CultureInfo.InvariantCulture, out var max);
                // QĐ 405 does not publish points per index: each main index counts 1 (its published 0–1 value).
                fw.Nodes.Add(new DtiNode
                {
                    Code = r["code"], ParentCode = r["parent_code"] == code ? null : r["parent_code"], Kind = kind, SortOrder = order++,
                    Name = r["name_vi"], MaxPoints = known ? max : kind == NodeKind.Main ? 1 : 0, RuleText = r["source"],
                });
            }

            foreach (var g in fw.Nodes.Where(n => n.Kind == NodeKind.Group && n.MaxPoints == 0))
            {
                g.MaxPoints = fw.Nodes.Where(n => n.ParentCode == g.Code).Sum(n => n.MaxPoints);
            }

            result.Add(fw);
        }

        return result;
    }
}
