using System.Globalization;
using Lodestar.Common;
using Lodestar.Spreadsheets;

namespace Lodestar.Dti;

/// <summary>
/// A framework as the .xlsx provinces publish: STT | Chỉ số | Điểm tối đa | Cách tính điểm | Tài liệu kiểm chứng |
/// Nguồn dữ liệu | Đơn vị xác minh, plus two columns Lodestar reads back (Quy tắc, Tham số). STT gives the tree:
/// a Roman numeral is a group, a whole number a main index (under the group above it), "1.2" a component of "1".
/// </summary>
public static class DtiSheets
{
    public static readonly string[] Headers =
        ["STT", "Chỉ số", "Điểm tối đa", "Cách tính điểm", "Tài liệu kiểm chứng", "Nguồn dữ liệu", "Đơn vị xác minh", "Quy tắc", "Tham số"];

    public static XlsxSheet Export(DtiFramework f)
    {
        var sheet = new XlsxSheet(f.Code, [
            new(Headers[0], Width: 8), new(Headers[1], Width: 60), new(Headers[2], XlsxKind.Number), new(Headers[3], Width: 60),
            new(Headers[4], Width: 40), new(Headers[5], Width: 24), new(Headers[6], Width: 24), new(Headers[7]), new(Headers[8], Width: 24)]);
        foreach (var n in f.Nodes.OrderBy(n => n.SortOrder))
        {
            sheet.Add(n.Code, n.Name, n.MaxPoints, n.RuleText, n.Evidence, n.DataSource, n.Verifier, n.Rule?.ToString(), n.RuleParameters);
        }

        return sheet;
    }

    private static bool IsRoman(string s) => s.Length > 0 && s.All(c => "IVXLC".Contains(c, StringComparison.Ordinal));

    /// <summary>An STT as provinces number it: Roman numerals and whole numbers joined by dots ("II", "1", "1.2").</summary>
    private static bool IsNumbering(string s) => s.Split('.').All(p => IsRoman(p) || (p.Length > 0 && p.All(char.IsAsciiDigit)));

    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    private static Msg Number(double v) => new(v.ToString("#,##0.####", Vi), v.ToString("#,##0.####", CultureInfo.InvariantCulture));

    /// <summary>
    /// Reads the rows of a framework sheet (first row headers) and names every problem at once — each field of each row,
    /// then each parent whose maximum is not the sum of its children's — keyed <c>rows[N].field</c> by the row number Excel
    /// shows. The tree comes from STT: a last part in Roman numerals is a group; "1.2" is a component of "1" (which must be on
    /// a row above); a whole number, or a code whose prefix is not a numbering ("P922.1" under the national "P922.I"), is a
    /// main index under the group above — so a national framework's own export reads back.
    /// </summary>
    public static Outcome<List<DtiNode>> Parse(XlsxSheetContent sheet)
    {
        var problems = new List<Problem>();
        var nodes = new List<DtiNode>();
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        string? group = null;
        foreach (var r in sheet.Rows.Skip(1).Where(r => !r.IsEmpty))
        {
            void Bad(string field, string vi, string en) => problems.Add(new Problem($"rows[{r.Number}].{field}", new Msg($"Dòng {r.Number}: {vi}", $"Row {r.Number}: {en}")));
            var code = r[0]?.Trim() ?? "";
            var name = r[1]?.Trim();
            var usable = true;
            if (code.Length == 0)
            {
                Bad("stt", "thiếu STT.", "the number (STT) is missing.");
                usable = false;
            }
            else if (rowOf.TryGetValue(code, out var above))
            {
                Bad("stt", $"STT '{code}' trùng với dòng {above}.", $"number '{code}' repeats row {above}.");
                usable = false;
            }

            if (string.IsNullOrEmpty(name))
            {
                Bad("name", "thiếu tên chỉ số.", "the name is missing.");
            }

            if (!double.TryParse(r[2]?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var max) || max < 0 || !double.IsFinite(max))
            {
                Bad("max", $"điểm tối đa '{r[2]}' không phải số không âm.", $"maximum '{r[2]}' is not a non-negative number.");
                max = double.NaN;
            }

            var last = code.LastIndexOf('.');
            var prefix = last > 0 ? code[..last] : null;
            var kind = IsRoman(code[(last + 1)..]) ? NodeKind.Group
                : prefix is not null && (rowOf.ContainsKey(prefix) || IsNumbering(prefix)) ? NodeKind.Component : NodeKind.Main;
            var parent = kind switch
            {
                NodeKind.Group => null,
                NodeKind.Main => group,
                NodeKind.Component or _ => prefix,
            };
            if (usable && parent is not null && !rowOf.ContainsKey(parent))
            {
                Bad("stt", $"chỉ số cha '{parent}' chưa có ở dòng trên.", $"parent '{parent}' is not on a row above.");
                usable = false;
            }

            RuleKind? rule = null;
            var ruleText = r[7]?.Trim();
            if (!string.IsNullOrEmpty(ruleText))
            {
                if (!Enum.TryParse<RuleKind>(ruleText, ignoreCase: true, out var k) || !Enum.IsDefined(k))
                {
                    Bad("rule", $"quy tắc '{ruleText}' không có; ghi một trong: Tiered (theo bậc), Categorical (theo lựa chọn), Ratio (tỷ lệ), RelativeToBest (so với đơn vị cao nhất), CountCapped (đếm có mức trần), Threshold (đạt ngưỡng), Linear (tuyến tính), Manual (tự chấm).",
                        $"rule '{ruleText}' is unknown; write one of Tiered, Categorical, Ratio, RelativeToBest, CountCapped, Threshold, Linear, Manual.");
                }
                else if (ScoringRule.TryParse(k, r[8], out var error) is null)
                {
                    Bad("parameters", $"tham số '{r[8]}' không hợp lệ: {error!.Vi}.", $"parameters '{r[8]}' are not valid: {error!.En}.");
                }
                else
                {
                    rule = k;
                }
            }
            else if (kind == NodeKind.Component)
            {
                Bad("rule", "chỉ số thành phần thiếu quy tắc chấm điểm.", "a component needs a scoring rule.");
            }

            if (kind == NodeKind.Group && code.Length > 0)
            {
                group = code;
            }

            if (!usable)
            {
                continue;
            }

            rowOf[code] = r.Number;
            nodes.Add(new DtiNode
            {
                Code = code, ParentCode = parent, Kind = kind, SortOrder = nodes.Count, Name = name ?? "", MaxPoints = max, RuleText = r[3], Evidence = r[4],
                DataSource = r[5], Verifier = r[6], Rule = rule, RuleParameters = string.IsNullOrWhiteSpace(r[8]) ? null : r[8]!.Trim(),
            });
        }

        // A parent's maximum is its children's sum, as the totals are (README, "Totals"); a child without a maximum is named above.
        foreach (var p in nodes)
        {
            var children = nodes.Where(n => n.ParentCode == p.Code).ToList();
            var sum = children.Sum(n => n.MaxPoints);
            if (children.Count > 0 && double.IsFinite(p.MaxPoints) && double.IsFinite(sum) && !DtiEngine.Tied(p.MaxPoints, sum))
            {
                var (at, total, sumText) = (rowOf[p.Code], Number(p.MaxPoints), Number(sum));
                problems.Add(new Problem($"rows[{at}].max", new Msg(
                    $"Dòng {at}: điểm tối đa của '{p.Code}' là {total.Vi} nhưng tổng điểm tối đa của {children.Count} chỉ số con là {sumText.Vi}.",
                    $"Row {at}: the maximum of '{p.Code}' is {total.En} but its {children.Count} children add up to {sumText.En}.")));
            }
        }

        return problems.Count > 0 ? Outcome<List<DtiNode>>.Fail(problems) : Outcome<List<DtiNode>>.Ok(nodes);
    }
}
