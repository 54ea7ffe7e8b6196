using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lodestar.Data.Migrations;

/// <summary>
/// Dated boundaries (issue 17): the shapes a unit had before a reorganisation replaced its boundary, so the maps of earlier
/// dates keep drawing them; <c>OrgUnitBoundaries</c> keeps the current shape. Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261212100000_PastBoundaries")]
public sealed class PastBoundaries : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(name: "OrgUnitPastBoundaries", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            OrgUnitId = table.Column<int>(nullable: false),
            ValidFrom = table.Column<DateOnly>(nullable: true),
            ValidTo = table.Column<DateOnly>(nullable: false),
            GeoJson = table.Column<string>(nullable: true),
            ReorganisationId = table.Column<int>(nullable: true),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_OrgUnitPastBoundaries", x => x.Id);
            table.ForeignKey(name: "FK_OrgUnitPastBoundaries_OrgUnits_OrgUnitId", column: x => x.OrgUnitId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
            table.ForeignKey(name: "FK_OrgUnitPastBoundaries_Reorganisations_ReorganisationId", column: x => x.ReorganisationId, principalTable: "Reorganisations", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });

        migrationBuilder.CreateIndex(name: "IX_OrgUnitPastBoundaries_OrgUnitId_ValidTo", table: "OrgUnitPastBoundaries", columns: ["OrgUnitId", "ValidTo"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_OrgUnitPastBoundaries_ReorganisationId", table: "OrgUnitPastBoundaries", column: "ReorganisationId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "OrgUnitPastBoundaries");
    }
}
