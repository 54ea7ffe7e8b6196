using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Spreadsheets;
using System.Security.Claims;

namespace Lodestar.Accounts;

/// <summary>A created account and the password generated for it, shown this once.</summary>
public sealed record CreatedLogin(int Row, string UserName, string FullName, string Role, string? Scope, string Password);

/// <summary>
/// Accounts created from an .xlsx (the first sheet, header in row 1; columns in the order of <see cref="Columns"/>), as
/// a province opens accounts for its communes at once: all or none, each problem naming the sheet, row and column;
/// every password generated and answered once. The same rules as one account at a time (<see cref="AccountService"/>):
/// the DX office only inside its province and never an administrator.
/// </summary>
public sealed class AccountSheets(LodestarDbContext db, AccountService accounts)
{
    /// <summary>Hashing each password takes tens of milliseconds: files are kept to a size answered within a minute.</summary>
    public const int MaxRows = 500;

    public static readonly IReadOnlyList<(string Field, string Vi, string En)> Columns =
    [
        ("userName", "Tên đăng nhập", "User name"),
        ("fullName", "Họ và tên", "Full name"),
        ("email", "Thư điện tử", "E-mail"),
        ("role", "Vai trò (dx-office, steering-member, unit-head, reporting-officer, viewer)", "Role"),
        ("scope", "Mã đơn vị (phạm vi)", "Unit code (scope)"),
    ];

    public static byte[] Template(bool english)
    {
        var sheet = new XlsxSheet(english ? "Accounts" : "Tai khoan", Columns.Select(c => new XlsxColumn(english ? c.En : c.Vi, Width: 28)).ToList());
        sheet.Add("canbo.xa.tanlang", "Nguyễn Thị Lan", "lan.nt@langson.gov.vn", Roles.ReportingOfficer, "06073");
        return XlsxWriter.Write(sheet);
    }

    public async Task<Outcome<List<CreatedLogin>>> ImportAsync(Stream file, ClaimsPrincipal by, CancellationToken ct = default)
    {
        var read = XlsxReader.FirstSheet(file, new Msg("Tệp không có dòng tài khoản nào (dòng 1 là tiêu đề).", "The file has no account rows (row 1 is the header)."), MaxRows);
        if (!read.Succeeded)
        {
            return Outcome<List<CreatedLogin>>.Fail(read.Problems);
        }

        var (sheet, rows) = read.Value;
        Problem Named(int row, string field, Msg msg) => XlsxProblems.At(sheet.Name, row, Columns, field, msg);

        return await db.AllOrNothingAsync(async problems =>
        {
            var created = new List<CreatedLogin>();
            foreach (var row in rows)
            {
                string Cell(int i) => row[i]?.Trim() ?? string.Empty;
                var input = new NewAccount(Cell(0), Cell(1), Cell(2) is { Length: > 0 } email ? email : null, Cell(3), Cell(4) is { Length: > 0 } scope ? scope : null, null);
                if (input.Email is { } address && !System.Net.Mail.MailAddress.TryCreate(address, out _))
                {
                    problems.Add(Named(row.Number, "email", new Msg($"'{address}' không phải địa chỉ thư điện tử.", $"'{address}' is not an e-mail address.")));
                    continue;
                }

                var change = await accounts.CreateAsync(input, by, ct);
                if (change.Access != AccountAccess.Allowed)
                {
                    problems.Add(Named(row.Number, input.Role == Roles.Admin ? "role" : "scope", new Msg(
                        "bạn không được tạo tài khoản với vai trò hoặc phạm vi này (Văn phòng chuyển đổi số: chỉ trong tỉnh của mình, không tạo quản trị hệ thống).",
                        "you may not create an account with this role or scope (the DX office: only inside its province, never an administrator).")));
                }
                else if (change.Outcome.Value is { } account)
                {
                    created.Add(new CreatedLogin(row.Number, account.User.UserName!, account.User.FullName, input.Role, input.ScopeCode, account.GeneratedPassword!));
                }
                else
                {
                    problems.AddRange(change.Outcome.Problems.Select(p => Named(row.Number, p.Field, p.Message)));
                }
            }

            return created;
        }, new Msg("Không tạo tài khoản nào; hãy sửa các dòng trên rồi tải lại tệp.", "No account was created; fix the rows above and upload the file again."), ct);
    }
}
