using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Demo;

/// <summary>
/// Demo tasks for Lạng Sơn drawn from the kinds of work the source documents name, in every state. Finished and
/// overdue tasks have fixed 2026 dates (so the heads' change on 16/03/2026 falls in the middle of some of them);
/// open tasks are dated from the day of seeding, so "within deadline" exists whenever the demo is created.
/// Deterministic for a given seeding day. Reports carry no evidence files (the demo has no files to attach).
/// </summary>
internal sealed class TaskDemo(LodestarDbContext db, DateOnly today)
{
    private enum Kind
    {
        OnTime,
        Late,
        Overdue,
        InProgress,
        NotStarted,
        Cancelled,
        Extended,
        AwaitingReview,
    }

    // Title, owner (agency abbreviation or "#n" for the n-th commune), source number, kind.
    private static readonly (string Title, string Owner, string Source, Kind Kind)[] Plan =
    [
        ("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực", "SNV", "125/KH-UBND", Kind.OnTime),
        ("Cung cấp 100% dịch vụ công trực tuyến toàn trình đủ điều kiện", "TTPVHCC", "125/KH-UBND", Kind.Late),
        ("Xây dựng cơ sở dữ liệu dùng chung trên nền tảng điện toán đám mây của tỉnh", "SKHCN", "125/KH-UBND", Kind.Late),
        ("Phủ sóng 5G tại trung tâm các xã, phường", "SKHCN", "57-NQ/TW", Kind.Overdue),
        ("Tập huấn kỹ năng số cho tổ công nghệ số cộng đồng", "#0", "45/KH-BCĐ", Kind.InProgress),
        ("Tập huấn kỹ năng số cho tổ công nghệ số cộng đồng", "#1", "45/KH-BCĐ", Kind.Overdue),
        ("Tập huấn kỹ năng số cho tổ công nghệ số cộng đồng", "#2", "45/KH-BCĐ", Kind.OnTime),
        ("Tập huấn kỹ năng số cho tổ công nghệ số cộng đồng", "#3", "45/KH-BCĐ", Kind.NotStarted),
        ("Họp Ban Chỉ đạo chuyển đổi số tỉnh quý I/2026", "VP", "01/TB-BCĐ", Kind.OnTime),
        ("Họp Ban Chỉ đạo chuyển đổi số tỉnh quý II/2026", "VP", "02/TB-BCĐ", Kind.Late),
        ("Họp Ban Chỉ đạo chuyển đổi số tỉnh quý III/2026", "VP", "03/TB-BCĐ", Kind.OnTime),
        ("Họp Ban Chỉ đạo chuyển đổi số tỉnh quý IV/2026", "VP", "04/TB-BCĐ", Kind.NotStarted),
        ("Số hóa sổ hộ tịch từ năm 1999 trở về trước", "STP", "125/KH-UBND", Kind.Overdue),
        ("Chuẩn hóa, làm sạch dữ liệu đất đai", "SNNMT", "125/KH-UBND", Kind.Extended),
        ("Kết nối cơ sở dữ liệu cán bộ, công chức với hệ thống của Bộ Nội vụ", "SNV", "06/CT-UBND", Kind.InProgress),
        ("Triển khai hồ sơ sức khỏe điện tử cho người dân", "SYT", "06/CT-UBND", Kind.Overdue),
        ("Thanh toán không dùng tiền mặt tại bệnh viện tuyến tỉnh", "SYT", "06/CT-UBND", Kind.OnTime),
        ("Học bạ số cho học sinh tiểu học", "SGDDT", "125/KH-UBND", Kind.OnTime),
        ("Chuyển đổi số trong quản lý trường học: sổ điểm điện tử", "SGDDT", "125/KH-UBND", Kind.AwaitingReview),
        ("Đưa sản phẩm OCOP lên sàn thương mại điện tử", "SCT", "57-NQ/TW", Kind.InProgress),
        ("Xây dựng cửa khẩu số tại Hữu Nghị và Tân Thanh", "BQLKKT", "57-NQ/TW", Kind.Extended),
        ("Số hóa di tích, điểm du lịch tiêu biểu (bản đồ số, thuyết minh tự động)", "SVHTTDL", "125/KH-UBND", Kind.NotStarted),
        ("Xử lý 100% hồ sơ công việc trên môi trường mạng", "#6", "125/KH-UBND", Kind.Overdue),
        ("Bảo đảm an toàn thông tin theo cấp độ cho hệ thống một cửa", "CA", "06/CT-UBND", Kind.Late),
        ("Làm sạch dữ liệu dân cư phục vụ Đề án 06", "CA", "06/CT-UBND", Kind.InProgress),
        ("Cấp chữ ký số cho cán bộ, công chức cấp xã", "#4", "06/CT-UBND", Kind.OnTime),
        ("Cấp chữ ký số cho cán bộ, công chức cấp xã", "#5", "06/CT-UBND", Kind.Late),
        ("Cập nhật dữ liệu chỉ số DTI năm 2025 đúng hạn", "SKHCN", "01/KH-SKHCN", Kind.OnTime),
        ("Xử lý 100% hồ sơ công việc trên môi trường mạng", "#7", "125/KH-UBND", Kind.InProgress),
        ("Vận động người dân kích hoạt định danh điện tử mức 2", "#8", "06/CT-UBND", Kind.OnTime),
        ("Vận động người dân kích hoạt định danh điện tử mức 2", "#9", "06/CT-UBND", Kind.Overdue),
        ("Phổ cập điện thoại thông minh cho hộ gia đình", "#10", "57-NQ/TW", Kind.NotStarted),
        ("Thành lập tổ công nghệ số cộng đồng ở các thôn, bản còn thiếu", "#11", "45/KH-BCĐ", Kind.Cancelled),
        ("Xây dựng kho dữ liệu mở của tỉnh", "SKHCN", "57-NQ/TW", Kind.AwaitingReview),
        ("Triển khai nền tảng giám sát an toàn thông tin tập trung", "SKHCN", "125/KH-UBND", Kind.InProgress),
        ("Số hóa hồ sơ lưu trữ lịch sử tỉnh", "SNV", "125/KH-UBND", Kind.Late),
        ("Chuyển đổi hệ thống quản lý văn bản sang nền tảng dùng chung", "VP", "125/KH-UBND", Kind.Cancelled),
        ("Cập nhật dữ liệu ngân sách lên cơ sở dữ liệu tài chính", "STC", "06/CT-UBND", Kind.OnTime),
        ("Số hóa quy trình cấp phép xây dựng", "SXD", "125/KH-UBND", Kind.Overdue),
        ("Truy xuất nguồn gốc nông sản bằng mã QR", "SNNMT", "57-NQ/TW", Kind.InProgress),
        ("Báo cáo đánh giá kết quả chuyển đổi số năm 2026", "SKHCN", "01/KH-SKHCN", Kind.NotStarted),
        ("Tuyên truyền chuyển đổi số trên báo, đài tỉnh", "BPTTH", "45/KH-BCĐ", Kind.OnTime),
        ("Giám sát việc thực hiện kết luận của Ban Chỉ đạo tại cơ sở", "TTr", "02/TB-BCĐ", Kind.Extended),
        ("Kết nối camera giám sát an ninh trật tự với trung tâm điều hành thông minh", "CA", "57-NQ/TW", Kind.Overdue),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        var province = await db.OrgUnits.SingleAsync(u => u.Code == DemoSeeder.ProvinceCode && u.Level == OrgUnitLevel.Province && u.ValidTo == null, ct);
        var agencies = await db.OrgUnits.Where(u => u.Code.StartsWith(DemoSeeder.ProvinceCode + ".") && u.Level == OrgUnitLevel.Agency)
            .Select(u => new { u.Code, u.Id }).ToDictionaryAsync(u => u.Code[(DemoSeeder.ProvinceCode.Length + 1)..], u => u.Id, ct);
        var communes = await db.OrgUnitParents.ValidOn(today).Where(l => l.ParentId == province.Id && l.Child.Level == OrgUnitLevel.Commune)
            .OrderBy(l => l.Child.Code).Select(l => l.ChildId).Take(12).ToListAsync(ct);
        var heads = await db.Positions.Where(p => p.IsHead).Select(p => new { p.OrgUnitId, p.Id }).ToDictionaryAsync(p => p.OrgUnitId, p => p.Id, ct);
        var dxOffice = agencies["SKHCN"];

        foreach (var ((title, owner, source, kind), i) in Plan.Select((p, i) => (p, i)))
        {
            var unitId = owner.StartsWith('#') ? communes[int.Parse(owner[1..], System.Globalization.CultureInfo.InvariantCulture) % communes.Count] : agencies[owner];
            var task = new WorkTask
            {
                Title = title,
                SourceKind = source.Contains("TB-BCĐ", StringComparison.Ordinal) ? TaskSourceKind.Conclusion
                    : source.Contains("NQ", StringComparison.Ordinal) ? TaskSourceKind.Directive : TaskSourceKind.Plan,
                SourceNumber = source,
                SourceDate = new DateOnly(2025, 12, 15),
                OwnerUnitId = unitId,
                AccountablePositionId = heads.GetValueOrDefault(unitId),
                Priority = (TaskPriority)(i % 4),
                Recurrence = title.StartsWith("Họp Ban Chỉ đạo", StringComparison.Ordinal) ? TaskRecurrence.Quarterly : TaskRecurrence.None,
                ExpectedOutput = i % 3 == 0 ? "Báo cáo kết quả kèm số liệu" : i % 3 == 1 ? "Hệ thống đưa vào vận hành" : "Văn bản ban hành",
                AssignedBy = "admin",
            };
            if (unitId != dxOffice && i % 3 == 0)
            {
                task.CoUnits.Add(new TaskCoUnit { OrgUnitId = dxOffice });
            }

            Shape(task, kind, i);
            db.Tasks.Add(task);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Dates and events that put the task in its state; the 16/03/2026 head change falls inside several.</summary>
    private void Shape(WorkTask task, Kind kind, int i)
    {
        var fixedDeadline = new DateOnly(2026, 1 + (i % 9), 28); // 28/01 … 28/09/2026
        switch (kind)
        {
            case Kind.OnTime:
                Assign(task, fixedDeadline.AddMonths(-4), fixedDeadline);
                Progress(task, fixedDeadline.AddMonths(-2), 50);
                Complete(task, fixedDeadline.AddDays(-3), accepted: true);
                break;
            case Kind.Late:
                Assign(task, fixedDeadline.AddMonths(-5), fixedDeadline);
                Progress(task, fixedDeadline.AddMonths(-1), 60);
                Complete(task, fixedDeadline.AddDays(12 + i), accepted: true);
                break;
            case Kind.Overdue:
                Assign(task, fixedDeadline.AddMonths(-6), fixedDeadline);
                Progress(task, fixedDeadline.AddMonths(-1), 30 + (i % 5 * 10));
                break;
            case Kind.InProgress:
                Assign(task, today.AddMonths(-3), today.AddDays(20 + (i * 7)));
                Progress(task, today.AddDays(-10), 20 + (i % 6 * 10));
                break;
            case Kind.NotStarted:
                Assign(task, today.AddDays(-5), today.AddDays(45 + (i * 5)));
                break;
            case Kind.Cancelled:
                Assign(task, new DateOnly(2026, 2, 1), new DateOnly(2026, 8, 31));
                task.CancelledOn = new DateOnly(2026, 5, 20);
                task.CancelReason = "Nội dung đã được lồng ghép vào nhiệm vụ khác theo Kết luận của Ban Chỉ đạo (dữ liệu minh họa)";
                break;
            case Kind.Extended:
                Assign(task, new DateOnly(2026, 1, 10), today.AddDays(-10));
                Progress(task, today.AddDays(-30), 70);
                db.TaskExtensions.Add(new TaskExtension
                {
                    Task = task, RequestedOn = today.AddDays(-20), NewDeadline = today.AddDays(40),
                    Reason = "Chờ bố trí kinh phí và nghiệm thu hạ tầng", Decision = Decision.Approved, DecidedOn = today.AddDays(-18), DecidedBy = "admin",
                });
                task.ExtendedTo = today.AddDays(40);
                break;
            case Kind.AwaitingReview:
                Assign(task, today.AddMonths(-4), today.AddDays(10));
                Progress(task, today.AddDays(-40), 80);
                Complete(task, today.AddDays(-2), accepted: false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private static void Assign(WorkTask task, DateOnly on, DateOnly deadline)
    {
        task.AssignedOn = on;
        task.Deadline = deadline;
    }

    private void Progress(WorkTask task, DateOnly on, int percent)
    {
        task.HasProgress = true;
        task.Percent = percent;
        db.TaskReports.Add(new TaskReport
        {
            Task = task, Kind = ReportKind.Progress, ReportedOn = on, Percent = percent,
            Narrative = $"Đã thực hiện khoảng {percent}% khối lượng; đang tiếp tục triển khai (dữ liệu minh họa).",
        });
    }

    private void Complete(WorkTask task, DateOnly on, bool accepted)
    {
        task.HasProgress = true;
        db.TaskReports.Add(new TaskReport
        {
            Task = task, Kind = ReportKind.Completion, ReportedOn = on, Percent = 100,
            Narrative = "Đã hoàn thành, gửi kèm báo cáo kết quả (dữ liệu minh họa).",
            Decision = accepted ? Decision.Accepted : Decision.Pending,
            DecidedOn = accepted ? on.AddDays(2) : null,
            DecidedBy = accepted ? "admin" : null,
        });
        if (accepted)
        {
            task.CompletedOn = on;
            task.Percent = 100;
        }
    }
}
