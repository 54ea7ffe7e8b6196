using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lodestar.Data.Migrations;

/// <summary>
/// Community digital technology teams maintained (issue 17, item 6): a team closes on a date, a member joins and leaves on
/// dates. The members already there joined when their team was founded. Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261208200000_TeamMembership")]
public sealed class TeamMembership : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateOnly>(name: "ClosedOn", table: "DigitalTeams", nullable: true);
        migrationBuilder.AddColumn<DateOnly>(name: "JoinedOn", table: "DigitalTeamMembers", nullable: false, defaultValue: new DateOnly(2025, 7, 1));
        migrationBuilder.AddColumn<DateOnly>(name: "LeftOn", table: "DigitalTeamMembers", nullable: true);
        migrationBuilder.Sql("""
            UPDATE "DigitalTeamMembers" SET "JoinedOn" = (SELECT t."FoundedOn" FROM "DigitalTeams" t WHERE t."Id" = "DigitalTeamMembers"."TeamId")
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "LeftOn", table: "DigitalTeamMembers");
        migrationBuilder.DropColumn(name: "JoinedOn", table: "DigitalTeamMembers");
        migrationBuilder.DropColumn(name: "ClosedOn", table: "DigitalTeams");
    }
}
