using Lodestar.Common;

namespace Lodestar.OrgUnits;

/// <summary>The rules a unit's code, names and type follow wherever they are written (a new agency, a reorganisation).</summary>
public static class UnitText
{
    public static Problem? CodeProblem(string code, string field) =>
        code.Length is 0 or > 32 || code.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            ? new(field, new("Mã đơn vị gồm 1–32 chữ, số, dấu chấm hoặc gạch.", "The unit code has 1–32 letters, digits, dots or dashes."))
            : null;

    public static Problem? NameProblem(string name, string fullName, string field) =>
        name.Length is 0 or > 200 || fullName.Length is 0 or > 300 || (name + fullName).IndexOfAny(['<', '>']) >= 0
            ? new(field, new("Tên (1–200 ký tự) và tên đầy đủ (1–300 ký tự) không được trống, không chứa < hoặc >.",
                "The name (1–200 characters) and full name (1–300 characters) may not be empty nor contain < or >."))
            : null;

    public static Problem? TypeProblem(string type, string field) =>
        type.Length is 0 or > 100 || type.IndexOfAny(['<', '>']) >= 0
            ? new(field, new("Loại đơn vị (Xã, Phường, Sở, Thôn…) có 1–100 ký tự, không chứa < hoặc >.", "The unit type (Xã, Phường, Sở, Thôn…) has 1–100 characters, without < or >."))
            : null;
}
