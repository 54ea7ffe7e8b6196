using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Lodestar.Common;

namespace Lodestar.Connectors;

/// <summary>
/// Where each target field of a value (dataElement, orgUnit, period, value, comment) is found in the source's answer
/// (README.md): <see cref="Columns"/> a CSV column's name or a JSON path inside each item; <see cref="Fixed"/> a value every
/// row gets (e.g. every row is element X); <see cref="Items"/> the JSON path of the list; <see cref="DataElements"/> and
/// <see cref="OrgUnits"/> code tables from the source's codes to Lodestar's (DHIS2 uids; "uid.categoryOptionCombo" keys
/// pick one disaggregation) and <see cref="Periods"/> (the source's period → Lodestar's), applied to every kind; a code
/// missing from a table passes as it is and is checked like any other.
/// </summary>
public sealed record ConnectorMapping(
    Dictionary<string, string>? Columns = null,
    Dictionary<string, string>? Fixed = null,
    string? Items = null,
    Dictionary<string, string>? DataElements = null,
    Dictionary<string, string>? OrgUnits = null,
    Dictionary<string, string>? Periods = null)
{
    /// <summary>The target fields, in the order the bulk import takes them.</summary>
    public static readonly string[] Fields = ["dataElement", "orgUnit", "period", "value", "comment"];

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public bool IsEmpty => Columns is not { Count: > 0 } && Fixed is not { Count: > 0 } && Items is null && !HasTables;

    /// <summary>Whether a code table (elements, units, periods) translates the source's codes.</summary>
    public bool HasTables => DataElements is { Count: > 0 } || OrgUnits is { Count: > 0 } || Periods is { Count: > 0 };

    /// <summary>A row's element, unit and period through the code tables (a fixed value is Lodestar's already).</summary>
    private string[] Translated(string[] row)
    {
        if (!HasTables)
        {
            return row;
        }

        static string Look(Dictionary<string, string>? table, string code) => table?.GetValueOrDefault(code.Trim()) ?? code;
        if (Fixed?.ContainsKey("dataElement") != true)
        {
            row[0] = Look(DataElements, row[0]);
        }

        if (Fixed?.ContainsKey("orgUnit") != true)
        {
            row[1] = Look(OrgUnits, row[1]);
        }

        if (Fixed?.ContainsKey("period") != true)
        {
            row[2] = Look(Periods, row[2]);
        }

        return row;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ConnectorMapping FromJson(string json) => JsonSerializer.Deserialize<ConnectorMapping>(json, Json) ?? new ConnectorMapping();

    /// <summary>The problems of the mapping for a kind, keyed mapping.xxx.</summary>
    public List<Problem> Check(ConnectorKind kind)
    {
        var problems = new List<Problem>();
        foreach (var key in (Columns?.Keys ?? Enumerable.Empty<string>()).Concat(Fixed?.Keys ?? Enumerable.Empty<string>()))
        {
            if (!Fields.Contains(key, StringComparer.Ordinal))
            {
                problems.Add(new Problem($"mapping.{key}", new Msg(
                    $"Trường đích '{key}' không có; dùng {string.Join(", ", Fields)}.", $"There is no target field '{key}'; use {string.Join(", ", Fields)}.")));
            }
        }

        foreach (var (key, path) in (Columns ?? []).Where(_ => kind == ConnectorKind.JsonHttp).Append(new("items", Items ?? "$")))
        {
            if (!JsonPath.TryParse(path, out _))
            {
                problems.Add(new Problem($"mapping.{key}", new Msg(
                    $"Đường dẫn '{path}' không hợp lệ; viết dạng $.data.items hoặc ten.truong hoặc rows[0].value.",
                    $"The path '{path}' is not valid; write it as $.data.items, field.name or rows[0].value.")));
            }
        }

        if (kind == ConnectorKind.Dhis2 && Columns is { Count: > 0 })
        {
            problems.Add(new Problem("mapping.columns", new Msg(
                "Nguồn DHIS2 có sẵn các trường (dataElement, orgUnit, period, value, comment); chỉ cần bảng mã dataElements và orgUnits.",
                "A DHIS2 source has its fields (dataElement, orgUnit, period, value, comment); give only the code tables dataElements and orgUnits.")));
        }

        return problems;
    }

    /// <summary>
    /// The rows of a CSV answer whose columns are named by the mapping, in the import's field order with each row's line
    /// in the file; a column the mapping names and the header lacks is a problem of line 1.
    /// </summary>
    internal async IAsyncEnumerable<(int Line, string[] Fields)> CsvRowsAsync(TextReader csv, List<Problem> problems, [EnumeratorCancellation] CancellationToken ct)
    {
        int[]? at = null;
        await foreach (var (line, fields) in CsvRows.ReadAsync(csv, ct))
        {
            if (at is null)
            {
                var header = fields.Select(f => f.Trim()).ToList();
                at = Fields.Select(f =>
                {
                    if (Fixed?.ContainsKey(f) == true)
                    {
                        return -1;
                    }

                    var name = Columns?.GetValueOrDefault(f) ?? f;
                    var index = header.FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
                    if (index < 0 && f != "comment")
                    {
                        problems.Add(new Problem($"line{line}.{f}", new Msg(
                            $"Dòng {line} (tiêu đề): thiếu cột '{name}' (cho {f}).", $"Line {line} (header): the column '{name}' (for {f}) is missing.")));
                    }

                    return index;
                }).ToArray();
                if (problems.Count > 0)
                {
                    yield break;
                }

                continue;
            }

            yield return (line, Translated(Fields.Select((f, k) => Fixed?.GetValueOrDefault(f) ?? (at[k] >= 0 && at[k] < fields.Length ? fields[at[k]] : string.Empty)).ToArray()));
        }
    }

    /// <summary>The rows of a JSON answer: the list at <see cref="Items"/>, each item's fields at their paths; row n is the list's n-th item.</summary>
    internal IEnumerable<(int Line, string[] Fields)> JsonRows(JsonElement root, List<Problem> problems)
    {
        if (!JsonPath.TryParse(Items ?? "$", out var itemsPath) || JsonPath.Find(root, itemsPath!) is not { ValueKind: JsonValueKind.Array } list)
        {
            problems.Add(new Problem("items", new Msg(
                $"Không tìm thấy danh sách tại '{Items ?? "$"}' trong câu trả lời JSON.", $"There is no list at '{Items ?? "$"}' in the JSON answer.")));
            yield break;
        }

        var paths = Fields.ToDictionary(f => f, f => JsonPath.TryParse(Columns?.GetValueOrDefault(f) ?? f, out var p) ? p! : [f]);
        var row = 0;
        foreach (var item in list.EnumerateArray())
        {
            row++;
            yield return (row, Translated(Fields.Select(f => Fixed?.GetValueOrDefault(f) ?? JsonPath.Text(JsonPath.Find(item, paths[f])) ?? string.Empty).ToArray()));
        }
    }

    /// <summary>The rows of a DHIS2 dataValueSets answer (<c>{ dataValues: [{ dataElement, period, orgUnit, categoryOptionCombo, value, comment }] }</c>), codes mapped.</summary>
    internal IEnumerable<(int Line, string[] Fields)> Dhis2Rows(JsonElement root, List<Problem> problems)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("dataValues", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new Problem("dataValues", new Msg(
                "Câu trả lời không có danh sách dataValues của DHIS2.", "The answer has no DHIS2 dataValues list.")));
            yield break;
        }

        var row = 0;
        foreach (var item in list.EnumerateArray())
        {
            row++;
            string? Get(string name) => item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var v) ? JsonPath.Text(v) : null;
            var de = Get("dataElement");
            var coc = Get("categoryOptionCombo");
            var element = (coc is not null ? DataElements?.GetValueOrDefault($"{de}.{coc}") : null) ?? (de is null ? null : DataElements?.GetValueOrDefault(de)) ?? de;
            var ou = Get("orgUnit");
            var unit = (ou is null ? null : OrgUnits?.GetValueOrDefault(ou)) ?? ou;
            yield return (row, [Fixed?.GetValueOrDefault("dataElement") ?? element ?? string.Empty, Fixed?.GetValueOrDefault("orgUnit") ?? unit ?? string.Empty,
                Fixed?.GetValueOrDefault("period") ?? (Get("period") is { } pe ? Periods?.GetValueOrDefault(pe) ?? pe : string.Empty), Get("value") ?? string.Empty, Fixed?.GetValueOrDefault("comment") ?? Get("comment") ?? string.Empty]);
        }
    }
}

/// <summary>A small JSONPath: <c>$</c>, then names and indexes (<c>$.data.rows</c>, <c>rows[0].value</c>, <c>$['tên có dấu cách']</c>).</summary>
public static class JsonPath
{
    /// <summary>Each step: a property name, or an index written as "[n]".</summary>
    public static bool TryParse(string? text, out string[]? steps)
    {
        steps = null;
        var t = text?.Trim() ?? string.Empty;
        if (t.Length == 0)
        {
            return false;
        }

        var list = new List<string>();
        var k = t[0] == '$' ? 1 : 0;
        var expectName = k == 0;
        while (k < t.Length)
        {
            if (expectName || t[k] == '.')
            {
                k += t[k] == '.' && !expectName ? 1 : 0;
                var end = k;
                while (end < t.Length && t[end] is not ('.' or '['))
                {
                    end++;
                }

                if (end == k)
                {
                    return false;
                }

                list.Add(t[k..end]);
                k = end;
                expectName = false;
            }
            else if (t[k] == '[')
            {
                var close = t.IndexOf(']', k);
                if (close < 0)
                {
                    return false;
                }

                var inside = t[(k + 1)..close];
                if (inside.Length >= 2 && inside[0] is '\'' or '"' && inside[^1] == inside[0])
                {
                    list.Add(inside[1..^1]);
                }
                else if (int.TryParse(inside, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    list.Add("[" + inside + "]");
                }
                else
                {
                    return false;
                }

                k = close + 1;
            }
            else
            {
                return false;
            }
        }

        steps = [.. list];
        return true;
    }

    /// <summary>The element at the path, or null when a step is missing.</summary>
    public static JsonElement? Find(JsonElement root, string[] steps)
    {
        var at = root;
        foreach (var step in steps)
        {
            if (step.StartsWith('[') && at.ValueKind == JsonValueKind.Array)
            {
                var index = int.Parse(step[1..^1], CultureInfo.InvariantCulture);
                if (index >= at.GetArrayLength())
                {
                    return null;
                }

                at = at[index];
            }
            else if (at.ValueKind == JsonValueKind.Object && at.TryGetProperty(step, out var next))
            {
                at = next;
            }
            else
            {
                return null;
            }
        }

        return at;
    }

    /// <summary>A value as the import reads text: numbers as written in the JSON (invariant), strings as they are, nothing for null.</summary>
    public static string? Text(JsonElement? value)
    {
        if (value is not { } v)
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.True => "1",
            JsonValueKind.False => "0",
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.Number or JsonValueKind.Object or JsonValueKind.Array => v.GetRawText(),
            _ => throw new ArgumentOutOfRangeException(nameof(value), v.ValueKind, null),
        };
    }
}
