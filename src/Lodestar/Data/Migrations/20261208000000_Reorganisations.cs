using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lodestar.Data.Migrations;

/// <summary>
/// Reorganisations of the administrative map (issue 17): the record of each, the names and types units had before a
/// rename or retype, and the share and reorganisation of each lineage edge. Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261208000000_Reorganisations")]
public sealed class Reorganisations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(name: "Reorganisations", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Uid = table.Column<string>(maxLength: 11, nullable: false),
            EffectiveOn = table.Column<DateOnly>(nullable: false),
            Basis = table.Column<string>(maxLength: 500, nullable: false),
            ProvinceId = table.Column<int>(nullable: true),
            Changes = table.Column<string>(nullable: false),
            Consequences = table.Column<string>(nullable: false),
            RecordedAt = table.Column<DateTime>(nullable: false),
            RecordedBy = table.Column<string>(maxLength: 256, nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_Reorganisations", x => x.Id);
            table.ForeignKey(name: "FK_Reorganisations_OrgUnits_ProvinceId", column: x => x.ProvinceId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });

        migrationBuilder.CreateTable(name: "OrgUnitNames", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            OrgUnitId = table.Column<int>(nullable: false),
            ValidFrom = table.Column<DateOnly>(nullable: true),
            ValidTo = table.Column<DateOnly>(nullable: false),
            Name = table.Column<string>(nullable: false),
            FullName = table.Column<string>(nullable: false),
            NameEn = table.Column<string>(nullable: true),
            Type = table.Column<string>(nullable: false),
            TypeEn = table.Column<string>(nullable: true),
            ReorganisationId = table.Column<int>(nullable: true),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_OrgUnitNames", x => x.Id);
            table.ForeignKey(name: "FK_OrgUnitNames_OrgUnits_OrgUnitId", column: x => x.OrgUnitId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
            table.ForeignKey(name: "FK_OrgUnitNames_Reorganisations_ReorganisationId", column: x => x.ReorganisationId, principalTable: "Reorganisations", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });

        migrationBuilder.AddColumn<double>(name: "Share", table: "OrgUnitLineages", nullable: true);
        migrationBuilder.AddColumn<int>(name: "ReorganisationId", table: "OrgUnitLineages", nullable: true);

        migrationBuilder.CreateIndex(name: "IX_Reorganisations_Uid", table: "Reorganisations", column: "Uid", unique: true);
        migrationBuilder.CreateIndex(name: "IX_Reorganisations_EffectiveOn", table: "Reorganisations", column: "EffectiveOn");
        migrationBuilder.CreateIndex(name: "IX_Reorganisations_ProvinceId", table: "Reorganisations", column: "ProvinceId");
        migrationBuilder.CreateIndex(name: "IX_OrgUnitNames_OrgUnitId_ValidTo", table: "OrgUnitNames", columns: ["OrgUnitId", "ValidTo"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_OrgUnitNames_ReorganisationId", table: "OrgUnitNames", column: "ReorganisationId");
        migrationBuilder.CreateIndex(name: "IX_OrgUnitLineages_ReorganisationId", table: "OrgUnitLineages", column: "ReorganisationId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_OrgUnitLineages_ReorganisationId", table: "OrgUnitLineages");
        migrationBuilder.DropColumn(name: "ReorganisationId", table: "OrgUnitLineages");
        migrationBuilder.DropColumn(name: "Share", table: "OrgUnitLineages");
        migrationBuilder.DropTable(name: "OrgUnitNames");
        migrationBuilder.DropTable(name: "Reorganisations");
    }
}
