using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Spreadsheets;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Dti;

/// <summary>The details of a framework uploaded as a workbook in the published layout (its nodes come from the sheet).</summary>
public sealed record FrameworkUpload(string? Code, string? Name, OrgUnitLevel Level, int? ProvinceId, int? FirstYear, int? LastYear, DerivationRule Derivation, string? Source);

/// <summary>
/// A new framework (a new version has a new code) from an .xlsx in the layout provinces publish (<see cref="DtiSheets"/>):
/// all or nothing; each problem names the sheet, the row and the field in Vietnamese and English. An earlier version of
/// the same level and issuer still in force is closed the year before the new one starts.
/// </summary>
public sealed class DtiFrameworkImport(LodestarDbContext db)
{
    public async Task<Outcome<string>> ImportAsync(FrameworkUpload u, Stream file, CancellationToken ct = default)
    {
        var problems = new List<Problem>();
        var code = u.Code?.Trim() ?? "";
        if (code.Length is 0 or > 32 || code.Any(char.IsWhiteSpace))
        {
            problems.Add(new Problem("code", new Msg("Mã bộ chỉ số: 1–32 ký tự, không có khoảng trắng.", "Framework code: 1–32 characters without spaces.")));
        }
        else if (await db.DtiFrameworks.AnyAsync(f => f.Code == code, ct))
        {
            problems.Add(new Problem("code", new Msg($"Đã có bộ chỉ số '{code}': phiên bản mới cần mã mới.", $"Framework '{code}' exists: a new version needs a new code.")));
        }

        if (string.IsNullOrWhiteSpace(u.Name))
        {
            problems.Add(new Problem("name", new Msg("Thiếu tên bộ chỉ số.", "The framework's name is missing.")));
        }

        if (u.FirstYear is not (>= 2000 and <= 2100) || (u.LastYear is { } last && last < u.FirstYear))
        {
            problems.Add(new Problem("firstYear", new Msg("Năm áp dụng: từ năm (2000–2100) đến năm (bỏ trống nếu còn hiệu lực) không trước năm bắt đầu.",
                "Years: a first year (2000–2100) and a last year (empty while in force) not before it.")));
        }

        DtiFramework? open = null;
        if (u.FirstYear is { } first)
        {
            var same = await db.DtiFrameworks.Where(f => f.Level == u.Level && f.ProvinceId == u.ProvinceId).ToListAsync(ct);
            open = same.FirstOrDefault(f => f.LastYear is null && f.FirstYear < first);
            var clash = same.FirstOrDefault(f => f != open && f.FirstYear <= (u.LastYear ?? int.MaxValue) && (f.LastYear ?? int.MaxValue) >= first);
            if (clash is not null)
            {
                problems.Add(new Problem("firstYear", new Msg($"Trùng năm áp dụng với bộ chỉ số {clash.Code} ({clash.FirstYear}–{clash.LastYear?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nay"}).",
                    $"The years overlap framework {clash.Code} ({clash.FirstYear}–{clash.LastYear?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "now"}).")));
            }
        }

        var read = XlsxReader.Read(file);
        List<DtiNode>? nodes = null;
        if (!read.Succeeded)
        {
            problems.AddRange(read.Problems);
        }
        else if (read.Value!.Count == 0)
        {
            problems.Add(new Problem("file", new Msg("Tệp không có trang tính nào.", "The workbook has no sheet.")));
        }
        else
        {
            var sheet = read.Value[0];
            var parsed = DtiSheets.Parse(sheet);
            problems.AddRange(parsed.Problems.Select(p => p with { Message = new Msg($"Trang '{sheet.Name}', {p.Message.Vi}", $"Sheet '{sheet.Name}', {p.Message.En}") }));
            nodes = parsed.Value;
            // Something must be scored: components, or main indexes without them (a national framework publishes no components).
            if (parsed.Succeeded && (nodes is null || !nodes.Exists(n => n.Kind is NodeKind.Component or NodeKind.Main)))
            {
                problems.Add(new Problem("file", new Msg($"Trang '{sheet.Name}': không có chỉ số chính hay chỉ số thành phần nào.", $"Sheet '{sheet.Name}': no main index or component.")));
            }
        }

        if (problems.Count > 0)
        {
            return Outcome<string>.Fail(problems);
        }

        if (open is not null)
        {
            open.LastYear = u.FirstYear - 1;
        }

        var fw = new DtiFramework
        {
            Code = code, Name = u.Name!.Trim(), Level = u.Level, ProvinceId = u.ProvinceId, Version = code, FirstYear = u.FirstYear!.Value, LastYear = u.LastYear,
            Derivation = u.Derivation, Source = string.IsNullOrWhiteSpace(u.Source) ? "Tải lên từ tệp .xlsx" : u.Source.Trim(),
        };
        foreach (var (n, i) in nodes!.Select((n, i) => (n, i)))
        {
            n.SortOrder = i;
            fw.Nodes.Add(n);
        }

        db.DtiFrameworks.Add(fw);
        await db.SaveChangesAsync(ct);
        return Outcome<string>.Ok(code);
    }
}
