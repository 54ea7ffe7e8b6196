using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lodestar.Data.Migrations;

/// <summary>
/// Steering: the committee's quarterly meetings, their briefing packs (frozen figures, editable text, issue) and
/// conclusions, each linked to the task it assigned. Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261124200000_SteeringMeetings")]
public sealed class SteeringMeetings : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(name: "SteeringMeetings", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Uid = table.Column<string>(nullable: false, maxLength: 11),
            ProvinceId = table.Column<int>(nullable: false),
            Quarter = table.Column<string>(nullable: false, maxLength: 16),
            Title = table.Column<string>(nullable: false, maxLength: 500),
            MeetsOn = table.Column<DateOnly>(nullable: false),
            Place = table.Column<string>(nullable: true, maxLength: 500),
            Chair = table.Column<string>(nullable: true, maxLength: 500),
            Attendees = table.Column<string>(nullable: true),
            HeldOn = table.Column<DateOnly>(nullable: true),
            ConclusionNumber = table.Column<string>(nullable: true, maxLength: 64),
            Version = table.Column<int>(nullable: false),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_SteeringMeetings", x => x.Id);
            table.ForeignKey(name: "FK_SteeringMeetings_OrgUnits_ProvinceId", column: x => x.ProvinceId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });

        migrationBuilder.CreateTable(name: "BriefingPacks", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            MeetingId = table.Column<int>(nullable: false),
            Number = table.Column<string>(nullable: false, maxLength: 64),
            Data = table.Column<string>(nullable: false),
            Text = table.Column<string>(nullable: false),
            TextEn = table.Column<string>(nullable: false),
            GeneratedAt = table.Column<DateTime>(nullable: false),
            GeneratedBy = table.Column<string>(nullable: false, maxLength: 256),
            Edited = table.Column<bool>(nullable: false),
            IssuedAt = table.Column<DateTime>(nullable: true),
            IssuedBy = table.Column<string>(nullable: true, maxLength: 256),
            Version = table.Column<int>(nullable: false),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_BriefingPacks", x => x.Id);
            table.ForeignKey(name: "FK_BriefingPacks_SteeringMeetings_MeetingId", column: x => x.MeetingId, principalTable: "SteeringMeetings", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "MeetingConclusions", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Uid = table.Column<string>(nullable: false, maxLength: 11),
            MeetingId = table.Column<int>(nullable: false),
            SortOrder = table.Column<int>(nullable: false),
            Text = table.Column<string>(nullable: false, maxLength: 2000),
            TaskId = table.Column<int>(nullable: true),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_MeetingConclusions", x => x.Id);
            table.ForeignKey(name: "FK_MeetingConclusions_SteeringMeetings_MeetingId", column: x => x.MeetingId, principalTable: "SteeringMeetings", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
            table.ForeignKey(name: "FK_MeetingConclusions_Tasks_TaskId", column: x => x.TaskId, principalTable: "Tasks", principalColumn: "Id", onDelete: ReferentialAction.SetNull);
        });

        migrationBuilder.CreateIndex(name: "IX_BriefingPacks_MeetingId", table: "BriefingPacks", column: "MeetingId", unique: true);
        migrationBuilder.CreateIndex(name: "IX_MeetingConclusions_MeetingId", table: "MeetingConclusions", column: "MeetingId");
        migrationBuilder.CreateIndex(name: "IX_MeetingConclusions_TaskId", table: "MeetingConclusions", column: "TaskId");
        migrationBuilder.CreateIndex(name: "IX_MeetingConclusions_Uid", table: "MeetingConclusions", column: "Uid", unique: true);
        migrationBuilder.CreateIndex(name: "IX_SteeringMeetings_ProvinceId_Quarter", table: "SteeringMeetings", columns: new[] { "ProvinceId", "Quarter" });
        migrationBuilder.CreateIndex(name: "IX_SteeringMeetings_Uid", table: "SteeringMeetings", column: "Uid", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "MeetingConclusions");
        migrationBuilder.DropTable(name: "BriefingPacks");
        migrationBuilder.DropTable(name: "SteeringMeetings");
    }
}
