using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lodestar.Data.Migrations;

/// <summary>
/// A confirmed DTI year records the council's decision, not one click: the document (number, date), the meeting, who
/// signed and the members present; a revision names its document too. Null for revisions recorded before. Hand-written
/// (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261205400000_DtiCouncilDecision")]
public sealed class DtiCouncilDecision : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "DocumentNumber", table: "DtiYearRevisions", maxLength: 100, nullable: true);
        migrationBuilder.AddColumn<DateOnly>(name: "DocumentDate", table: "DtiYearRevisions", nullable: true);
        migrationBuilder.AddColumn<DateOnly>(name: "MeetingDate", table: "DtiYearRevisions", nullable: true);
        migrationBuilder.AddColumn<string>(name: "SignedBy", table: "DtiYearRevisions", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<string>(name: "Members", table: "DtiYearRevisions", maxLength: 4000, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var column in new[] { "DocumentNumber", "DocumentDate", "MeetingDate", "SignedBy", "Members" })
        {
            migrationBuilder.DropColumn(name: column, table: "DtiYearRevisions");
        }
    }
}
