using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lodestar.Data.Migrations;

/// <summary>
/// The value history is an append-only log without foreign keys (docs/adr/0010): its rows are written with the value
/// rows of the same keys, which keep theirs. The index on the unit alone only served those keys. SQLite cannot drop a
/// foreign key, so there the table is rebuilt with its rows. Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261126100000_ValueHistoryWithoutForeignKeys")]
public sealed class ValueHistoryWithoutForeignKeys : Migration
{
    private const string Columns = "\"Id\", \"DataElementId\", \"OrgUnitId\", \"Period\", \"OldValue\", \"NewValue\", \"Comment\", \"At\", \"By\"";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_DataValueChanges_OrgUnitId", table: "DataValueChanges");
        if (ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite")
        {
            migrationBuilder.DropForeignKey(name: "FK_DataValueChanges_DataElements_DataElementId", table: "DataValueChanges");
            migrationBuilder.DropForeignKey(name: "FK_DataValueChanges_OrgUnits_OrgUnitId", table: "DataValueChanges");
            return;
        }

        migrationBuilder.DropIndex(name: "IX_DataValueChanges_DataElementId_OrgUnitId_Period", table: "DataValueChanges");
        migrationBuilder.RenameTable(name: "DataValueChanges", newName: "DataValueChanges_Old");
        CreateTable(migrationBuilder, foreignKeys: false);
        migrationBuilder.Sql($"INSERT INTO \"DataValueChanges\" ({Columns}) SELECT {Columns} FROM \"DataValueChanges_Old\"");
        migrationBuilder.DropTable(name: "DataValueChanges_Old");
        migrationBuilder.CreateIndex(name: "IX_DataValueChanges_DataElementId_OrgUnitId_Period", table: "DataValueChanges", columns: ["DataElementId", "OrgUnitId", "Period"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            migrationBuilder.DropIndex(name: "IX_DataValueChanges_DataElementId_OrgUnitId_Period", table: "DataValueChanges");
            migrationBuilder.RenameTable(name: "DataValueChanges", newName: "DataValueChanges_Old");
            CreateTable(migrationBuilder, foreignKeys: true);
            migrationBuilder.Sql($"INSERT INTO \"DataValueChanges\" ({Columns}) SELECT {Columns} FROM \"DataValueChanges_Old\"");
            migrationBuilder.DropTable(name: "DataValueChanges_Old");
            migrationBuilder.CreateIndex(name: "IX_DataValueChanges_DataElementId_OrgUnitId_Period", table: "DataValueChanges", columns: ["DataElementId", "OrgUnitId", "Period"]);
        }
        else
        {
            migrationBuilder.AddForeignKey(
                name: "FK_DataValueChanges_DataElements_DataElementId", table: "DataValueChanges", column: "DataElementId",
                principalTable: "DataElements", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            migrationBuilder.AddForeignKey(
                name: "FK_DataValueChanges_OrgUnits_OrgUnitId", table: "DataValueChanges", column: "OrgUnitId",
                principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        }

        migrationBuilder.CreateIndex(name: "IX_DataValueChanges_OrgUnitId", table: "DataValueChanges", column: "OrgUnitId");
    }

    private static void CreateTable(MigrationBuilder migrationBuilder, bool foreignKeys) =>
        migrationBuilder.CreateTable(name: "DataValueChanges", columns: table => new
        {
            Id = table.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            DataElementId = table.Column<int>(nullable: false),
            OrgUnitId = table.Column<int>(nullable: false),
            Period = table.Column<string>(nullable: false, maxLength: 8),
            OldValue = table.Column<double>(nullable: true),
            NewValue = table.Column<double>(nullable: true),
            Comment = table.Column<string>(nullable: true, maxLength: 2000),
            At = table.Column<DateTime>(nullable: false),
            By = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_DataValueChanges", x => x.Id);
            if (foreignKeys)
            {
                table.ForeignKey(name: "FK_DataValueChanges_DataElements_DataElementId", column: x => x.DataElementId, principalTable: "DataElements", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey(name: "FK_DataValueChanges_OrgUnits_OrgUnitId", column: x => x.OrgUnitId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            }
        });
}
