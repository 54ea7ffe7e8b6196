using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lodestar.Data.Migrations;

/// <summary>
/// A person who left a community digital technology team may join it again (issue 17, item 6): a membership is keyed by
/// team, person and joining date, so one person holds one row per stint. The table is rebuilt with its rows, the only way
/// to change a primary key on SQLite without a model snapshot. Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261214100000_TeamRejoin")]
public sealed class TeamRejoin : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => Rebuild(migrationBuilder, byStint: true);

    protected override void Down(MigrationBuilder migrationBuilder) => Rebuild(migrationBuilder, byStint: false);

    private static void Rebuild(MigrationBuilder migrationBuilder, bool byStint)
    {
        migrationBuilder.Sql("""CREATE TABLE "DigitalTeamMembers_Kept" AS SELECT "TeamId", "PersonId", "JoinedOn", "LeftOn" FROM "DigitalTeamMembers";""");
        migrationBuilder.DropTable(name: "DigitalTeamMembers");
        migrationBuilder.CreateTable(name: "DigitalTeamMembers", columns: table => new
        {
            TeamId = table.Column<int>(nullable: false),
            PersonId = table.Column<int>(nullable: false),
            JoinedOn = table.Column<DateOnly>(nullable: false),
            LeftOn = table.Column<DateOnly>(nullable: true),
        }, constraints: table =>
        {
            if (byStint)
            {
                table.PrimaryKey("PK_DigitalTeamMembers", x => new { x.TeamId, x.PersonId, x.JoinedOn });
            }
            else
            {
                table.PrimaryKey("PK_DigitalTeamMembers", x => new { x.TeamId, x.PersonId });
            }

            table.ForeignKey(name: "FK_DigitalTeamMembers_DigitalTeams_TeamId", column: x => x.TeamId, principalTable: "DigitalTeams", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
            table.ForeignKey(name: "FK_DigitalTeamMembers_People_PersonId", column: x => x.PersonId, principalTable: "People", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex(name: "IX_DigitalTeamMembers_PersonId", table: "DigitalTeamMembers", column: "PersonId");
        migrationBuilder.Sql("""
            INSERT INTO "DigitalTeamMembers" ("TeamId", "PersonId", "JoinedOn", "LeftOn")
            SELECT "TeamId", "PersonId", "JoinedOn", "LeftOn" FROM "DigitalTeamMembers_Kept";
            """);
        migrationBuilder.DropTable(name: "DigitalTeamMembers_Kept");
    }
}
