using Lodestar.Tasks;
using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.Tasks;

/// <summary>Labels of the task register's enumerations in the reader's language.</summary>
public static class TaskText
{
    public static string Source(TaskSourceKind kind) => kind switch
    {
        TaskSourceKind.Programme => T("Chương trình", "Programme"),
        TaskSourceKind.Plan => T("Kế hoạch", "Plan"),
        TaskSourceKind.Conclusion => T("Kết luận cuộc họp", "Meeting conclusion"),
        TaskSourceKind.Directive => T("Chỉ thị", "Directive"),
        TaskSourceKind.Other => T("Khác", "Other"),
        _ => kind.ToString(),
    };

    public static string Priority(TaskPriority priority) => priority switch
    {
        TaskPriority.Low => T("Thấp", "Low"),
        TaskPriority.Normal => T("Bình thường", "Normal"),
        TaskPriority.High => T("Cao", "High"),
        TaskPriority.Urgent => T("Khẩn", "Urgent"),
        _ => priority.ToString(),
    };

    public static string Recurrence(TaskRecurrence recurrence) => recurrence switch
    {
        TaskRecurrence.None => T("Không lặp lại", "Once"),
        TaskRecurrence.Quarterly => T("Hằng quý", "Every quarter"),
        TaskRecurrence.Yearly => T("Hằng năm", "Every year"),
        _ => recurrence.ToString(),
    };
}
