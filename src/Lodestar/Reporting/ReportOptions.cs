using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Lodestar.Reporting;

/// <summary>When the reminder job speaks about a report (README configuration table).</summary>
public sealed class ReportOptions
{
    /// <summary>LODESTAR_REPORTS_REMIND_DAYS: days before a report's due date from which its officers are reminded.</summary>
    [ConfigurationKeyName("LODESTAR_REPORTS_REMIND_DAYS")]
    [Range(0, 365)]
    public int RemindDays { get; init; } = 3;

    /// <summary>LODESTAR_REPORTS_ESCALATE_DAYS: days after a report's due date from which the supervising level is told.</summary>
    [ConfigurationKeyName("LODESTAR_REPORTS_ESCALATE_DAYS")]
    [Range(0, 365)]
    public int EscalationDays { get; init; } = 5;
}
