using System.Text.Json;
using Lodestar.Common;

namespace Lodestar.Reorganisations;

/// <summary>
/// A reorganisation as JSON, the one shape the API (<c>POST /api/v1/reorganisations</c>) and the CLI (<c>reorganise --file</c>)
/// read and answer (docs/api.md): <c>{ effectiveOn, basis, preview, accounts, changes: [...] }</c>, where <c>unit</c> is a code,
/// or for <c>create</c> the new unit's object, <c>into</c> of a merge is an existing code or a new unit's object, and
/// <c>into</c> of a split is the list of its parts (<c>parts</c> is read too); <c>boundary</c> is the GeoJSON text of a
/// <c>reshape</c> or of a merge into an existing unit.
/// Every field that cannot be read is named with its index (<c>changes[2].into</c>).
/// </summary>
public static class ReorganisationJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static Outcome<(ReorganisationInput Input, bool Preview)> Read(JsonElement root)
    {
        var problems = new List<Problem>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Outcome<(ReorganisationInput, bool)>.Fail("body", "Nội dung phải là một đối tượng JSON.", "The body must be a JSON object.");
        }

        DateOnly? effective = null;
        if (Text(root, "effectiveOn") is { } dateText)
        {
            if (Dates.TryParseIso(dateText, out var date))
            {
                effective = date;
            }
            else
            {
                problems.Add(new("effectiveOn", new($"Ngày '{dateText}' không hợp lệ; dùng yyyy-MM-dd.", $"Date '{dateText}' is not valid; use yyyy-MM-dd.")));
            }
        }

        var preview = root.TryGetProperty("preview", out var p) && p.ValueKind == JsonValueKind.True;
        var accounts = AccountsChoice.Move;
        if (Text(root, "accounts") is { } accountsText)
        {
            if (ApiCodes.Parse<AccountsChoice>(accountsText) is { } choice)
            {
                accounts = choice;
            }
            else
            {
                problems.Add(new("accounts", new($"'{accountsText}' không hợp lệ; dùng {ApiCodes.Codes<AccountsChoice>()}.", $"'{accountsText}' is not valid; use {ApiCodes.Codes<AccountsChoice>()}.")));
            }
        }

        var changes = new List<ChangeInput>();
        if (root.TryGetProperty("changes", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in list.EnumerateArray())
            {
                if (Change(item, $"changes[{i++}]", problems) is { } change)
                {
                    changes.Add(change);
                }
            }
        }

        return problems.Count > 0
            ? Outcome<(ReorganisationInput, bool)>.Fail(problems)
            : Outcome<(ReorganisationInput, bool)>.Ok((new ReorganisationInput(effective, Text(root, "basis"), changes, accounts), preview));
    }

    /// <summary>A change in the JSON shape it was asked in (for answers and the record).</summary>
    public static object Write(ChangeInput c) => new
    {
        kind = ApiCodes.Code(c.Kind),
        unit = c.Kind == ChangeKind.Create ? (object?)c.NewUnit : c.Unit,
        c.Name,
        c.FullName,
        c.Type,
        c.NameEn,
        c.TypeEn,
        c.From,
        into = (object?)c.IntoUnit ?? (object?)c.Parts ?? c.Into,
        c.Parent,
        c.Successor,
        c.Boundary,
    };

    private static ChangeInput? Change(JsonElement c, string field, List<Problem> problems)
    {
        var kindText = c.ValueKind == JsonValueKind.Object ? Text(c, "kind") : null;
        if (ApiCodes.Parse<ChangeKind>(kindText) is not { } kind)
        {
            problems.Add(new($"{field}.kind", new($"Loại thay đổi '{kindText}' không hợp lệ; dùng {ApiCodes.Codes<ChangeKind>()}.",
                $"Change kind '{kindText}' is not valid; use {ApiCodes.Codes<ChangeKind>()}.")));
            return null;
        }

        try
        {
            var unit = c.TryGetProperty("unit", out var u) ? u : default;
            var into = c.TryGetProperty("into", out var t) ? t : default;
            return new ChangeInput(
                kind,
                Unit: unit.ValueKind == JsonValueKind.String ? unit.GetString() : null,
                Name: Text(c, "name"),
                FullName: Text(c, "fullName"),
                Type: Text(c, "type"),
                From: c.TryGetProperty("from", out var from) && from.ValueKind == JsonValueKind.Array ? from.Deserialize<List<string>>(Options) : null,
                Into: into.ValueKind == JsonValueKind.String ? into.GetString() : null,
                IntoUnit: into.ValueKind == JsonValueKind.Object ? into.Deserialize<NewUnitInput>(Options) : null,
                Parts: into.ValueKind == JsonValueKind.Array ? into.Deserialize<List<NewUnitInput>>(Options)
                    : c.TryGetProperty("parts", out var parts) && parts.ValueKind == JsonValueKind.Array ? parts.Deserialize<List<NewUnitInput>>(Options) : null,
                Parent: Text(c, "parent"),
                NewUnit: kind == ChangeKind.Create && unit.ValueKind == JsonValueKind.Object ? unit.Deserialize<NewUnitInput>(Options) : null,
                Successor: Text(c, "successor"),
                NameEn: Text(c, "nameEn"),
                TypeEn: Text(c, "typeEn"),
                Boundary: Text(c, "boundary"));
        }
        catch (JsonException e)
        {
            problems.Add(new(field, new($"Không đọc được thay đổi: {e.Message}", $"The change cannot be read: {e.Message}")));
            return null;
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
