using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Spreadsheets;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.People;

/// <summary>
/// Teams and their members from an .xlsx (issue 17, item 6): the first sheet, header in row 1, one member a row in the order
/// of <see cref="Columns"/>. Rows with the same unit code and team name are one team: founded from the first of them unless
/// the unit already has an active team of that name, which the members then join; a row without a member founds the team
/// only. All or nothing, by the same rules as the page (<see cref="DigitalTeamService"/>), each problem naming sheet, row
/// and column.
/// </summary>
public sealed class DigitalTeamSheets(LodestarDbContext db, DigitalTeamService teams)
{
    public const int MaxRows = 2000;

    public static readonly IReadOnlyList<(string Field, string Vi, string En)> Columns =
    [
        ("unit", "Mã xã, phường hoặc thôn, bản", "Commune or village code"),
        ("name", "Tên tổ", "Team name"),
        ("foundedOn", "Ngày thành lập (dd/mm/yyyy)", "Founded on (dd/mm/yyyy)"),
        ("fullName", "Họ và tên thành viên", "Member's full name"),
        ("phone", "Điện thoại", "Phone"),
        ("joinedOn", "Ngày tham gia (dd/mm/yyyy)", "Joined on (dd/mm/yyyy)"),
        ("leader", "Tổ trưởng (x)", "Leader (x)"),
    ];

    public static byte[] Template(bool english)
    {
        var sheet = new XlsxSheet(english ? "Teams" : "To cong nghe so", Columns.Select(c => new XlsxColumn(english ? c.En : c.Vi, Width: 26)).ToList());
        sheet.Add("06073.T01", "Tổ công nghệ số cộng đồng thôn Nà Lạn", "15/08/2025", "Hoàng Văn Nam", "0912345678", "15/08/2025", "x");
        sheet.Add("06073.T01", "Tổ công nghệ số cộng đồng thôn Nà Lạn", "15/08/2025", "Lộc Thị Mai", null, "01/09/2025", null);
        return XlsxWriter.Write(sheet);
    }

    /// <summary>How many teams were founded and members added, or every problem of the file.</summary>
    public async Task<Outcome<(int Teams, int Members)>> ImportAsync(Stream file, IReadOnlySet<int>? within, CancellationToken ct = default)
    {
        var read = XlsxReader.FirstSheet(file, new Msg("Tệp không có dòng nào (dòng 1 là tiêu đề).", "The file has no rows (row 1 is the header)."), MaxRows);
        if (!read.Succeeded)
        {
            return Outcome<(int, int)>.Fail(read.Problems);
        }

        var (sheet, rows) = read.Value;
        Problem Named(int row, string field, Msg msg) => XlsxProblems.At(sheet.Name, row, Columns, field, msg);

        return await db.AllOrNothingAsync(async problems =>
        {
            var made = new Dictionary<(string, string), string>();
            var (founded, members) = (0, 0);
            foreach (var row in rows)
            {
                string? Cell(string field) => row[Columns.ToList().FindIndex(c => c.Field == field)]?.Trim() is { Length: > 0 } text ? text : null;
                DateOnly? Day(string field)
                {
                    if (Cell(field) is not { } text)
                    {
                        return null;
                    }

                    if (XlsxReader.TryDate(text, out var d) || Dates.TryParseInput(text, out d))
                    {
                        return d;
                    }

                    problems.Add(Named(row.Number, field, new($"'{text}' không phải ngày dd/mm/yyyy.", $"'{text}' is not a dd/mm/yyyy date.")));
                    return null;
                }

                var before = problems.Count;
                var (unit, name, foundedOn, joined) = (TextFold.Clean(Cell("unit") ?? string.Empty), TextFold.Clean(Cell("name") ?? string.Empty), Day("foundedOn"), Day("joinedOn"));
                if (problems.Count > before)
                {
                    continue;
                }

                if (!made.TryGetValue((unit, name), out var uid))
                {
                    uid = await db.DigitalTeams.Where(t => t.OrgUnit.Code == unit && t.Name == name && t.ClosedOn == null).Select(t => t.Uid).FirstOrDefaultAsync(ct);
                    var created = uid is null ? await teams.CreateAsync(new TeamInput(unit, name, foundedOn), within, ct) : null;
                    if (created is { Succeeded: false })
                    {
                        problems.AddRange(created.Problems.Select(p => Named(row.Number, p.Field, p.Message)));
                        continue;
                    }

                    founded += created is null ? 0 : 1;
                    uid ??= created!.Value!;
                    made[(unit, name)] = uid;
                }

                if (Cell("fullName") is null)
                {
                    continue;
                }

                var joinedOutcome = await teams.JoinAsync(uid, new MemberInput(Cell("fullName"), Cell("phone"), joined ?? foundedOn, Cell("leader") is not null), within, ct);
                problems.AddRange(joinedOutcome.Problems.Select(p => Named(row.Number, p.Field switch { "team" => "name", "person" => "fullName", _ => p.Field }, p.Message)));
                members += joinedOutcome.Succeeded ? 1 : 0;
            }

            return (founded, members);
        }, new Msg("Không ghi gì; hãy sửa các dòng trên rồi tải lại tệp.", "Nothing was saved; fix the rows above and upload the file again."), ct);
    }
}
