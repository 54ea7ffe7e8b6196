using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Lodestar.Tests.Data;

/// <summary>
/// Writes the C# of a hand-written migration that creates the context's whole model, with column types left
/// to the provider (so one migration serves SQLite and PostgreSQL). The EF Design package, which would do this,
/// does not restore here; the schema test prints this source when the migrations and the model drift apart.
/// </summary>
internal static class MigrationSource
{
    public static string For(DbContext db)
    {
        var differ = db.GetService<IMigrationsModelDiffer>();
        var model = db.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        var ops = differ.GetDifferences(null, model);
        var sb = new StringBuilder();
        foreach (var op in ops)
        {
            switch (op)
            {
                case CreateTableOperation t:
                    WriteTable(sb, t);
                    break;
                case CreateIndexOperation i:
                    sb.Append(CultureInfo.InvariantCulture, $"        migrationBuilder.CreateIndex(name: {Q(i.Name)}, table: {Q(i.Table)}, {(i.Columns.Length == 1 ? "column" : "columns")}: {Arr(i.Columns)}");
                    if (i.IsUnique)
                    {
                        sb.Append(", unique: true");
                    }

                    if (i.Filter is not null)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $", filter: {Q(i.Filter)}");
                    }

                    sb.AppendLine(");");
                    break;
                default:
                    sb.AppendLine(CultureInfo.InvariantCulture, $"        // unsupported operation {op.GetType().Name}");
                    break;
            }
        }

        return sb.ToString();
    }

    private static void WriteTable(StringBuilder sb, CreateTableOperation t)
    {
        sb.AppendLine(CultureInfo.InvariantCulture, $"        migrationBuilder.CreateTable(name: {Q(t.Name)}, columns: table => new");
        sb.AppendLine("        {");
        foreach (var c in t.Columns)
        {
            var type = TypeName(c.ClrType);
            var args = new List<string> { $"nullable: {(c.IsNullable ? "true" : "false")}" };
            if (c.MaxLength is { } max)
            {
                args.Add($"maxLength: {max.ToString(CultureInfo.InvariantCulture)}");
            }

            sb.Append(CultureInfo.InvariantCulture, $"            {c.Name} = table.Column<{type}>({string.Join(", ", args)})");
            if (c.FindAnnotation("Sqlite:Autoincrement") is not null)
            {
                sb.Append("\n                .Annotation(\"Sqlite:Autoincrement\", true)\n                .Annotation(\"Npgsql:ValueGenerationStrategy\", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)");
            }

            sb.AppendLine(",");
        }

        sb.AppendLine("        }, constraints: table =>");
        sb.AppendLine("        {");
        if (t.PrimaryKey is { } pk)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"            table.PrimaryKey({Q(pk.Name)}, x => {Anon(pk.Columns)});");
        }

        foreach (var u in t.UniqueConstraints)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"            table.UniqueConstraint({Q(u.Name)}, x => {Anon(u.Columns)});");
        }

        foreach (var fk in t.ForeignKeys)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"            table.ForeignKey(name: {Q(fk.Name)}, column: x => {Anon(fk.Columns)}, principalTable: {Q(fk.PrincipalTable)}, principalColumn: {(fk.PrincipalColumns!.Length == 1 ? Q(fk.PrincipalColumns[0]) : "TODO")}, onDelete: ReferentialAction.{fk.OnDelete});");
        }

        sb.AppendLine("        });");
        sb.AppendLine();
    }

    private static string Anon(string[] columns) => columns.Length == 1 ? $"x.{columns[0]}" : $"new {{ {string.Join(", ", columns.Select(c => "x." + c))} }}";

    private static string Arr(string[] columns) => columns.Length == 1 ? Q(columns[0]) : $"new[] {{ {string.Join(", ", columns.Select(Q))} }}";

    private static string Q(string s) => "\"" + s.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string TypeName(Type t)
    {
        var nullable = Nullable.GetUnderlyingType(t);
        var core = nullable ?? t;
        var name = core switch
        {
            _ when core == typeof(int) => "int",
            _ when core == typeof(long) => "long",
            _ when core == typeof(bool) => "bool",
            _ when core == typeof(string) => "string",
            _ when core == typeof(decimal) => "decimal",
            _ when core == typeof(double) => "double",
            _ when core == typeof(byte[]) => "byte[]",
            _ => core.Name,
        };
        return nullable is null ? name : name + "?";
    }
}
