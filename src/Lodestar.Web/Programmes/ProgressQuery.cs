using System.Security.Claims;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.Values;
using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.Programmes;

/// <summary>The unit and period a programme or target page (or its export) is looking at, from the query string.</summary>
public sealed record ProgressQuery(OrgUnit? Unit, Period Period, string? Error)
{
    /// <summary>
    /// Period: the code given, else the current year. Unit: the code given (on the period's last day), else the
    /// programme's province, else the reader's own scope unit. A unit outside the reader's scope is refused.
    /// </summary>
    public static async Task<ProgressQuery> ResolveAsync(
        string? unitCode, string? periodCode, int? programmeProvinceId, ClaimsPrincipal user,
        OrgUnitQueries units, AccessScope scope, TimeProvider clock)
    {
        var period = Period.OfYear(Dates.Today(clock).Year);
        if (!string.IsNullOrWhiteSpace(periodCode) && !Period.TryParse(periodCode.Trim(), out period))
        {
            return new ProgressQuery(null, Period.OfYear(Dates.Today(clock).Year),
                T($"Kỳ '{periodCode}' không hợp lệ; dùng 2025, 2025S1, 2025Q3 hoặc 202507.", $"Period '{periodCode}' is not valid; use 2025, 2025S1, 2025Q3 or 202507."));
        }

        OrgUnit? unit;
        if (!string.IsNullOrWhiteSpace(unitCode))
        {
            unit = await units.FindAsync(unitCode.Trim(), period.End);
            if (unit is null)
            {
                return new ProgressQuery(null, period,
                    T($"Không có đơn vị mã {unitCode} vào ngày {Date(period.End)}.", $"No unit has code {unitCode} on {Date(period.End)}."));
            }
        }
        else
        {
            var id = programmeProvinceId ?? AccessScope.ScopeUnitId(user);
            unit = id is null ? null : await units.ByIdAsync(id.Value);
            if (unit is not null && !unit.IsValidOn(period.End))
            {
                // The province was merged in 2025: look at it on its last day instead.
                return new ProgressQuery(null, period,
                    T($"{unit.FullName} chỉ tồn tại đến {Date(unit.ValidTo)}; hãy chọn kỳ trước đó hoặc một đơn vị khác.",
                      $"{unit.FullName} existed until {Date(unit.ValidTo)}; choose an earlier period or another unit."));
            }
        }

        if (unit is not null && !await scope.CanSeeAsync(user, unit.Id, period.End))
        {
            return new ProgressQuery(null, period, T("Đơn vị này nằm ngoài phạm vi tài khoản của bạn.", "This unit is outside your account's scope."));
        }

        return new ProgressQuery(unit, period, null);
    }
}
