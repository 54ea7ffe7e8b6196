using Lodestar.Progress;
using Lodestar.Steering;
using Lodestar.Tasks;

namespace Lodestar.Tests.Steering;

/// <summary>The pack's text is a pure function of the figures: fixed figures, expected sentences (Steering/README.md).</summary>
public sealed class BriefingTextTests
{
    /// <summary>The worked example of the README: Lạng Sơn, 2026, figures as of 07/10/2026, the July meeting before.</summary>
    public static Dashboard Example(ChangesSince? changes = null, IReadOnlyList<FollowUp>? followUps = null) => new(
        new DashUnit(1, "20", "Tỉnh Lạng Sơn", IsProvince: true), "2026", new DateOnly(2026, 10, 7),
        new StatusCounts(3, 5, 2, 1, 1),
        [new PillarRow("NQ-LS", "Nghị quyết", 1, "Chính quyền số", "Digital government", ProgressStatus.AtRisk, new StatusCounts(1, 2, 1, 1, 0))],
        [
            new TargetRow("LS-05", "Tỷ lệ hồ sơ trực tuyến toàn trình", "Fully online applications", "NQ-LS", "%", 41, 62.5, 48.2, ProgressStatus.OffTrack, 2),
            new TargetRow("LS-02", "Tỷ lệ hộ có cáp quang", "Households with fibre", "NQ-LS", "%", 80, 85, 76, ProgressStatus.AtRisk, 0),
        ],
        [new TargetStatus("LS-05", "Tỷ lệ hồ sơ trực tuyến toàn trình", null, ProgressStatus.OffTrack)],
        new TaskBlock(10, 2, 7, 3, 1, [new UnitOverdue("20.SNV", "Sở Nội vụ", 2, 6), new UnitOverdue("20.STC", "Sở Tài chính", 1, 4)]),
        new ReportingBlock(40, 36, 30, 71.24, [new MissingReport("20001", "Xã Hữu Lũng", "BC-CDS", "2026Q3", new DateOnly(2026, 10, 15))], []),
        [new DtiYear(2024, "P922", 0.5105, 31), new DtiYear(2025, "P405", 0.563, 27)],
        [new DtiMove("LS-XA", 2026, "20010", "Xã Chi Lăng", 5, 12, 0.7, 0.6)],
        [new DtiMove("LS-SO", 2026, "20.STP", "Sở Tư pháp", 9, 3, 0.5, 0.6)],
        changes, followUps ?? [],
        [new MemberIndex("Member", "Giám đốc Sở", "Hoàng Văn Hùng", "LS-SO", "3", "Hạ tầng số", 2026, 0.625, 0.5)]);

    public static TheoryData<string, string> Sentences() => new()
    {
        { "vi", "Kỳ năm 2026, Tỉnh Lạng Sơn theo dõi 12 chỉ tiêu: 3 đã đạt, 5 đúng tiến độ, 2 có nguy cơ chậm và 1 chậm tiến độ; 1 chỉ tiêu chưa có số liệu." },
        { "vi", "Các chỉ tiêu chậm nhất: Tỷ lệ hồ sơ trực tuyến toàn trình (chậm tiến độ, đạt 48,2% quãng đường kỳ vọng) và Tỷ lệ hộ có cáp quang (có nguy cơ chậm, đạt 76% quãng đường kỳ vọng)." },
        { "vi", "Trong 22 nhiệm vụ, 10 hoàn thành đúng hạn, 2 hoàn thành quá hạn, 7 chưa hoàn thành trong hạn và 3 chưa hoàn thành quá hạn. Đơn vị có nhiệm vụ quá hạn: Sở Nội vụ (2) và Sở Tài chính (1)." },
        { "vi", "Kỳ báo cáo gần nhất: 36/40 báo cáo đã nộp (90%), 30 nộp đúng hạn. Điểm chất lượng dữ liệu bình quân 71,2/100. Chưa nộp báo cáo: Xã Hữu Lũng." },
        { "vi", "Chỉ số DTI năm 2025 của Tỉnh Lạng Sơn đạt 0,5630, xếp hạng 27, tăng 4 bậc so với năm 2024 (hạng 31)." },
        { "vi", "Tăng hạng nhiều nhất: Xã Chi Lăng (từ hạng 12 lên 5). Giảm hạng nhiều nhất: Sở Tư pháp (từ hạng 3 xuống 9)." },
        { "vi", "1 thành viên Ban Chỉ đạo phụ trách 1 chỉ số; kết quả từng chỉ số ở bảng kèm theo." },
        { "en", "For 2026, Tỉnh Lạng Sơn tracks 12 targets: 3 achieved, 5 on track, 2 at risk and 1 off track; 1 have no data yet." },
        { "en", "Of 22 tasks, 10 were completed on time, 2 completed late, 7 are not completed but within their deadline and 3 are overdue. Units with overdue tasks: Sở Nội vụ (2) and Sở Tài chính (1)." },
        { "en", "Tỉnh Lạng Sơn's DTI for 2025 is 0.5630, rank 27, up 4 place(s) from 2024 (rank 31)." },
    };

    [Theory]
    [MemberData(nameof(Sentences))]
    public void Write_FixedFigures_SaysTheExpectedSentence(string language, string sentence)
    {
        var paragraphs = BriefingText.Paragraphs(Example(), english: language == "en");

        Assert.Contains(sentence, paragraphs);
    }

    [Fact]
    public void Write_AfterAMeeting_SaysWhichTargetsSlippedAndHowItsTasksStand()
    {
        var changes = new ChangesSince("m1", "Cuộc họp Ban Chỉ đạo chuyển đổi số quý II năm 2026", new DateOnly(2026, 7, 10), 4, 2, 31,
            [new TargetChange("LS-05", "Tỷ lệ hồ sơ trực tuyến toàn trình", null, ProgressStatus.AtRisk, ProgressStatus.OffTrack)],
            [new TargetChange("LS-02", "Tỷ lệ hộ có cáp quang", null, ProgressStatus.OffTrack, ProgressStatus.AtRisk)]);
        FollowUp[] followUps =
        [
            new("m1", "Cuộc họp Ban Chỉ đạo chuyển đổi số quý II năm 2026", 1, "t1", "Rà soát hồ sơ trực tuyến", "Sở Khoa học và Công nghệ", new DateOnly(2026, 10, 10), TaskState.CompletedOnTime),
            new("m1", "Cuộc họp Ban Chỉ đạo chuyển đổi số quý II năm 2026", 2, "t2", "Tập huấn kỹ năng số", "Sở Nội vụ", new DateOnly(2026, 9, 10), TaskState.Overdue),
            new("m1", "Cuộc họp Ban Chỉ đạo chuyển đổi số quý II năm 2026", 3, "t3", "Công khai tỷ lệ hồ sơ", "Trung tâm Phục vụ hành chính công tỉnh", new DateOnly(2027, 1, 10), TaskState.InProgress),
        ];

        var paragraphs = BriefingText.Paragraphs(Example(changes, followUps));

        Assert.Contains("So với cuộc họp ngày 10/07/2026, 1 chỉ tiêu bị tụt trạng thái: Tỷ lệ hồ sơ trực tuyến toàn trình (từ có nguy cơ chậm xuống chậm tiến độ). 1 chỉ tiêu cải thiện: Tỷ lệ hộ có cáp quang (từ chậm tiến độ lên có nguy cơ chậm).", paragraphs);
        Assert.Contains("Thực hiện kết luận của Cuộc họp Ban Chỉ đạo chuyển đổi số quý II năm 2026: 3 nhiệm vụ được giao, 1 đã hoàn thành, 1 đang thực hiện trong hạn, 1 quá hạn (Tập huấn kỹ năng số – Sở Nội vụ).", paragraphs);
        Assert.Contains(paragraphs, p => p.EndsWith("Từ cuộc họp trước, 4 nhiệm vụ đã hoàn thành và 2 nhiệm vụ mới quá hạn.", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_NothingOverdueAndEveryoneReported_SaysSo()
    {
        var d = Example() with
        {
            Tasks = new TaskBlock(5, 0, 3, 0, 0, []),
            Reporting = new ReportingBlock(10, 10, 10, null, [], []),
        };

        var text = BriefingText.Write(d);

        Assert.Contains("Không có đơn vị nào có nhiệm vụ quá hạn.", text, StringComparison.Ordinal);
        Assert.Contains("Tất cả đơn vị đã nộp báo cáo đến hạn.", text, StringComparison.Ordinal);
        Assert.Equal(text, BriefingText.Write(d));
    }

    [Fact]
    public void Write_ManyUnitsOverdue_NamesFiveAndCountsTheRest()
    {
        var units = Enumerable.Range(1, 7).Select(i => new UnitOverdue($"X{i}", $"Xã {i}", 8 - i, 10)).ToList();
        var d = Example() with { Tasks = new TaskBlock(0, 0, 0, 28, 0, units) };

        var text = BriefingText.Write(d);

        Assert.Contains("Đơn vị có nhiệm vụ quá hạn: Xã 1 (7), Xã 2 (6), Xã 3 (5), Xã 4 (4), Xã 5 (3) và 2 đơn vị khác.", text, StringComparison.Ordinal);
    }
}
