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

    /// <summary>Reads the rows of a framework sheet (first row headers); every bad row is named.</summary>
    public static Outcome<List<DtiNode>> Parse(XlsxSheetContent sheet)
    {
        var problems = new List<Problem>();
        var nodes = new List<DtiNode>();
        string? group = null;
        var rows = sheet.Rows.Skip(1).Where(r => !r.IsEmpty);
        foreach (var r in rows)
        {
            void Bad(string vi, string en) => problems.Add(new Problem($"row{r.Number}", new Msg($"Dòng {r.Number}: {vi}", $"Row {r.Number}: {en}")));
            var code = r[0]?.Trim() ?? "";
            var name = r[1]?.Trim();
            if (code.Length == 0 || string.IsNullOrEmpty(name))
            {
                Bad("thiếu STT hoặc tên chỉ số.", "the number (STT) or the name is missing.");
                continue;
            }

            if (nodes.Exists(n => n.Code == code))
            {
                Bad($"STT '{code}' trùng với một dòng trên.", $"number '{code}' repeats a row above.");
                continue;
            }

            if (!double.TryParse(r[2]?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var max) || max < 0)
            {
                Bad($"điểm tối đa '{r[2]}' không phải số không âm.", $"maximum '{r[2]}' is not a non-negative number.");
                continue;
            }

            var kind = IsRoman(code) ? NodeKind.Group : code.Contains('.', StringComparison.Ordinal) ? NodeKind.Component : NodeKind.Main;
            var parent = kind switch
            {
                NodeKind.Group => null,
                NodeKind.Main => group,
                NodeKind.Component or _ => code[..code.LastIndexOf('.')],
            };
            if (kind == NodeKind.Group)
            {
                group = code;
            }

            if (parent is not null && !nodes.Exists(n => n.Code == parent))
            {
                Bad($"chỉ số cha '{parent}' chưa có ở dòng trên.", $"parent '{parent}' is not on a row above.");
                continue;
            }

            RuleKind? rule = null;
            var ruleText = r[7]?.Trim();
            if (!string.IsNullOrEmpty(ruleText))
            {
                if (!Enum.TryParse<RuleKind>(ruleText, ignoreCase: true, out var k) || !Enum.IsDefined(k))
                {
                    Bad($"quy tắc '{ruleText}' không có (Tiered, Categorical, Ratio, RelativeToBest, CountCapped, Threshold, Linear, Manual).",
                        $"rule '{ruleText}' is unknown (Tiered, Categorical, Ratio, RelativeToBest, CountCapped, Threshold, Linear, Manual).");
                    continue;
                }

                if (ScoringRule.TryParse(k, r[8], out var error) is null)
                {
                    Bad($"tham số '{r[8]}' không hợp lệ: {error}.", $"parameters '{r[8]}' are not valid: {error}.");
                    continue;
                }

                rule = k;
            }
            else if (kind == NodeKind.Component)
            {
                Bad("chỉ số thành phần thiếu quy tắc chấm điểm.", "a component needs a scoring rule.");
                continue;
            }

            nodes.Add(new DtiNode
            {
                Code = code, ParentCode = parent, Kind = kind, SortOrder = nodes.Count, Name = name, MaxPoints = max, RuleText = r[3], Evidence = r[4],
                DataSource = r[5], Verifier = r[6], Rule = rule, RuleParameters = string.IsNullOrWhiteSpace(r[8]) ? null : r[8]!.Trim(),
            });
        }

        return problems.Count > 0 ? Outcome<List<DtiNode>>.Fail(problems) : Outcome<List<DtiNode>>.Ok(nodes);
    }
}
