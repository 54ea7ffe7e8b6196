using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lodestar.Data.Migrations;

/// <summary>Connectors that pull figures from other systems, and the record of every run (Connectors/README.md). Hand-written (docs/adr/0003).</summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261207200000_Connectors")]
public sealed class Connectors : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(name: "Connectors", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Code = table.Column<string>(maxLength: 64, nullable: false),
            Name = table.Column<string>(maxLength: 200, nullable: false),
            Kind = table.Column<string>(maxLength: 16, nullable: false),
            Url = table.Column<string>(maxLength: 2000, nullable: false),
            Schedule = table.Column<string>(maxLength: 64, nullable: true),
            NextRunAt = table.Column<DateTime>(nullable: true),
            Auth = table.Column<string>(maxLength: 16, nullable: false),
            AuthName = table.Column<string>(maxLength: 200, nullable: true),
            ProtectedSecret = table.Column<string>(nullable: true),
            Mapping = table.Column<string>(nullable: false),
            Approve = table.Column<bool>(nullable: false),
            OwnerUnitId = table.Column<int>(nullable: false),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_Connectors", x => x.Id);
            table.ForeignKey(name: "FK_Connectors_OrgUnits_OwnerUnitId", column: x => x.OwnerUnitId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });
        migrationBuilder.CreateIndex(name: "IX_Connectors_Code", table: "Connectors", column: "Code", unique: true);
        migrationBuilder.CreateIndex(name: "IX_Connectors_NextRunAt", table: "Connectors", column: "NextRunAt");
        migrationBuilder.CreateIndex(name: "IX_Connectors_OwnerUnitId", table: "Connectors", column: "OwnerUnitId");

        migrationBuilder.CreateTable(name: "ConnectorRuns", columns: table => new
        {
            Id = table.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            ConnectorId = table.Column<int>(nullable: false),
            StartedAt = table.Column<DateTime>(nullable: false),
            FinishedAt = table.Column<DateTime>(nullable: false),
            DurationMs = table.Column<int>(nullable: false),
            By = table.Column<string>(maxLength: 256, nullable: false),
            Status = table.Column<string>(maxLength: 16, nullable: false),
            Attempts = table.Column<int>(nullable: false),
            HttpStatus = table.Column<int>(nullable: true),
            Read = table.Column<int>(nullable: false),
            Created = table.Column<int>(nullable: false),
            Updated = table.Column<int>(nullable: false),
            Unchanged = table.Column<int>(nullable: false),
            Refused = table.Column<int>(nullable: false),
            Problems = table.Column<string>(nullable: false),
            Raw = table.Column<string>(nullable: true),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_ConnectorRuns", x => x.Id);
            table.ForeignKey(name: "FK_ConnectorRuns_Connectors_ConnectorId", column: x => x.ConnectorId, principalTable: "Connectors", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex(name: "IX_ConnectorRuns_ConnectorId_StartedAt", table: "ConnectorRuns", columns: ["ConnectorId", "StartedAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "ConnectorRuns");
        migrationBuilder.DropTable(name: "Connectors");
    }
}
