using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Lodestar.Tasks;

/// <summary>The daily task job and the heat map of overdue work (README configuration table).</summary>
public sealed class TaskOptions
{
    /// <summary>LODESTAR_TASKS_DAILY: run the daily job (overdue tasks, report reminders) in the web app at 06:00.</summary>
    [ConfigurationKeyName("LODESTAR_TASKS_DAILY")]
    public bool DailyJob { get; init; } = true;

    /// <summary>LODESTAR_TASKS_ESCALATE_DAYS: days an overdue task waits before the assigner is told.</summary>
    [ConfigurationKeyName("LODESTAR_TASKS_ESCALATE_DAYS")]
    [Range(0, 365)]
    public int EscalationDays { get; init; } = 7;

    /// <summary>LODESTAR_HEATMAP_YELLOW / _RED: overdue shares (0–1) from which a unit is yellow / red on the heat map.</summary>
    [ConfigurationKeyName("LODESTAR_HEATMAP_YELLOW")]
    [Range(0.0, 1.0)]
    public double HeatYellow { get; init; } = 0.10;

    [ConfigurationKeyName("LODESTAR_HEATMAP_RED")]
    [Range(0.0, 1.0)]
    public double HeatRed { get; init; } = 0.25;
}
