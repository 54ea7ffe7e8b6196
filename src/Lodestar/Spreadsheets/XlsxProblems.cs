using Lodestar.Common;

namespace Lodestar.Spreadsheets;

/// <summary>A problem of an uploaded sheet, named the one way every import names it: sheet, row, column and its header.</summary>
public static class XlsxProblems
{
    public static Problem At(string sheet, int row, int column, string headerVi, string headerEn, Msg msg) => new("file", new Msg(
        $"Trang '{sheet}', dòng {row}, cột {XlsxWriter.ColumnName(column)} ({headerVi}): {msg.Vi}",
        $"Sheet '{sheet}', row {row}, column {XlsxWriter.ColumnName(column)} ({headerEn}): {msg.En}"));

    /// <summary>A problem of the cell of <paramref name="field"/>, the columns being in the order of <paramref name="columns"/> (an unknown field: the first).</summary>
    public static Problem At(string sheet, int row, IReadOnlyList<(string Field, string Vi, string En)> columns, string field, Msg msg)
    {
        var index = Math.Max(0, columns.Select(c => c.Field).ToList().IndexOf(field));
        return At(sheet, row, index, columns[index].Vi, columns[index].En, msg);
    }

    /// <summary>A problem of a whole row, not of one of its cells.</summary>
    public static Problem At(string sheet, int row, Msg msg) => new("file", new Msg($"Trang '{sheet}', dòng {row}: {msg.Vi}", $"Sheet '{sheet}', row {row}: {msg.En}"));
}
