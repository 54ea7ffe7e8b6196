using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lodestar.Data.Migrations;

/// <summary>
/// Published DTI rankings kept as printed and never scored (Dti/README.md, "Published rankings on other units"): years
/// without a framework in Lodestar (2020, 2021) and years republished on the units of a later date (2024 on the 34
/// provinces of 01/07/2025). Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261205300000_DtiPublishedRanks")]
public sealed class DtiPublishedRanks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(name: "DtiPublishedRanks", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Year = table.Column<int>(nullable: false),
            UnitsOn = table.Column<DateOnly>(nullable: false),
            ProvinceId = table.Column<int>(nullable: true),
            OrgUnitId = table.Column<int>(nullable: false),
            Rank = table.Column<int>(nullable: true),
            RankTo = table.Column<int>(nullable: true),
            Score = table.Column<double>(nullable: true),
            Source = table.Column<string>(nullable: false, maxLength: 500),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_DtiPublishedRanks", x => x.Id);
            table.ForeignKey(name: "FK_DtiPublishedRanks_OrgUnits_OrgUnitId", column: x => x.OrgUnitId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });

        migrationBuilder.CreateIndex(name: "IX_DtiPublishedRanks_Year_UnitsOn_OrgUnitId", table: "DtiPublishedRanks", columns: new[] { "Year", "UnitsOn", "OrgUnitId" }, unique: true);
        migrationBuilder.CreateIndex(name: "IX_DtiPublishedRanks_OrgUnitId", table: "DtiPublishedRanks", column: "OrgUnitId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "DtiPublishedRanks");
}
