using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lodestar.Data.Migrations;

/// <summary>
/// DTI years confirmed by the appraisal council are frozen (docs/adr/0011): a revision per confirmation or explicit
/// revision (who, when, why) and the scores and ranks it froze per assessment. Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261204100000_DtiConfirmedYears")]
public sealed class DtiConfirmedYears : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(name: "DtiYearRevisions", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            FrameworkId = table.Column<int>(nullable: false),
            Year = table.Column<int>(nullable: false),
            Number = table.Column<int>(nullable: false),
            Reason = table.Column<string>(nullable: true, maxLength: 1000),
            At = table.Column<DateTime>(nullable: false),
            By = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_DtiYearRevisions", x => x.Id);
            table.ForeignKey(name: "FK_DtiYearRevisions_DtiFrameworks_FrameworkId", column: x => x.FrameworkId, principalTable: "DtiFrameworks", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "DtiFrozenResults", columns: table => new
        {
            Id = table.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            RevisionId = table.Column<int>(nullable: false),
            AssessmentId = table.Column<int>(nullable: false),
            Total = table.Column<double>(nullable: false),
            Normalised = table.Column<double>(nullable: false),
            Rank = table.Column<int>(nullable: false),
            Points = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_DtiFrozenResults", x => x.Id);
            table.ForeignKey(name: "FK_DtiFrozenResults_DtiYearRevisions_RevisionId", column: x => x.RevisionId, principalTable: "DtiYearRevisions", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
            table.ForeignKey(name: "FK_DtiFrozenResults_DtiAssessments_AssessmentId", column: x => x.AssessmentId, principalTable: "DtiAssessments", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateIndex(name: "IX_DtiYearRevisions_FrameworkId_Year_Number", table: "DtiYearRevisions", columns: new[] { "FrameworkId", "Year", "Number" }, unique: true);
        migrationBuilder.CreateIndex(name: "IX_DtiFrozenResults_RevisionId_AssessmentId", table: "DtiFrozenResults", columns: new[] { "RevisionId", "AssessmentId" }, unique: true);
        migrationBuilder.CreateIndex(name: "IX_DtiFrozenResults_AssessmentId", table: "DtiFrozenResults", column: "AssessmentId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "DtiFrozenResults");
        migrationBuilder.DropTable(name: "DtiYearRevisions");
    }
}
