using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lodestar.Data.Migrations;

/// <summary>
/// Revisions of a programme (issue 23 item 13): the decision, its changes, and the paths it sets, kept beside the
/// milestones first set (which are never overwritten). Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261206200000_ProgrammeRevisions")]
public sealed class ProgrammeRevisions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(name: "ProgrammeRevisions", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            ProgrammeId = table.Column<int>(nullable: false),
            DecisionNumber = table.Column<string>(maxLength: 100, nullable: false),
            DecidedOn = table.Column<DateOnly>(nullable: false),
            Note = table.Column<string>(maxLength: 2000, nullable: true),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_ProgrammeRevisions", x => x.Id);
            table.ForeignKey(name: "FK_ProgrammeRevisions_Programmes_ProgrammeId", column: x => x.ProgrammeId, principalTable: "Programmes", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "RevisionChanges", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            RevisionId = table.Column<int>(nullable: false),
            Kind = table.Column<string>(maxLength: 16, nullable: false),
            PillarId = table.Column<int>(nullable: true),
            TargetId = table.Column<int>(nullable: true),
            OldName = table.Column<string>(maxLength: 200, nullable: true),
            NewName = table.Column<string>(maxLength: 200, nullable: true),
            OldNameEn = table.Column<string>(maxLength: 200, nullable: true),
            NewNameEn = table.Column<string>(maxLength: 200, nullable: true),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_RevisionChanges", x => x.Id);
            table.ForeignKey(name: "FK_RevisionChanges_Pillars_PillarId", column: x => x.PillarId, principalTable: "Pillars", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
            table.ForeignKey(name: "FK_RevisionChanges_ProgrammeRevisions_RevisionId", column: x => x.RevisionId, principalTable: "ProgrammeRevisions", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
            table.ForeignKey(name: "FK_RevisionChanges_Targets_TargetId", column: x => x.TargetId, principalTable: "Targets", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "RevisionMilestones", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            ChangeId = table.Column<int>(nullable: false),
            Year = table.Column<int>(nullable: false),
            Value = table.Column<double>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_RevisionMilestones", x => x.Id);
            table.ForeignKey(name: "FK_RevisionMilestones_RevisionChanges_ChangeId", column: x => x.ChangeId, principalTable: "RevisionChanges", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateIndex(name: "IX_ProgrammeRevisions_ProgrammeId_DecisionNumber", table: "ProgrammeRevisions", columns: ["ProgrammeId", "DecisionNumber"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_RevisionChanges_PillarId", table: "RevisionChanges", column: "PillarId");
        migrationBuilder.CreateIndex(name: "IX_RevisionChanges_RevisionId", table: "RevisionChanges", column: "RevisionId");
        migrationBuilder.CreateIndex(name: "IX_RevisionChanges_TargetId", table: "RevisionChanges", column: "TargetId");
        migrationBuilder.CreateIndex(name: "IX_RevisionMilestones_ChangeId_Year", table: "RevisionMilestones", columns: ["ChangeId", "Year"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "RevisionMilestones");
        migrationBuilder.DropTable(name: "RevisionChanges");
        migrationBuilder.DropTable(name: "ProgrammeRevisions");
    }
}
