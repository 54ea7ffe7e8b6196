using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lodestar.Data.Migrations;

/// <summary>Scorecards of heads: the head's explanation per unit, person and year. Hand-written (docs/adr/0003).</summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261124300000_Scorecards")]
public sealed class Scorecards : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(name: "ScorecardNotes", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Uid = table.Column<string>(nullable: false, maxLength: 11),
            OrgUnitId = table.Column<int>(nullable: false),
            PersonId = table.Column<int>(nullable: false),
            Year = table.Column<int>(nullable: false),
            Text = table.Column<string>(nullable: false, maxLength: 4000),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_ScorecardNotes", x => x.Id);
            table.ForeignKey("FK_ScorecardNotes_OrgUnits_OrgUnitId", x => x.OrgUnitId, "OrgUnits", "Id", onDelete: ReferentialAction.Cascade);
            table.ForeignKey("FK_ScorecardNotes_People_PersonId", x => x.PersonId, "People", "Id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex("IX_ScorecardNotes_OrgUnitId_PersonId_Year", "ScorecardNotes", ["OrgUnitId", "PersonId", "Year"], unique: true);
        migrationBuilder.CreateIndex("IX_ScorecardNotes_PersonId", "ScorecardNotes", "PersonId");
        migrationBuilder.CreateIndex("IX_ScorecardNotes_Uid", "ScorecardNotes", "Uid", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "ScorecardNotes");
}
