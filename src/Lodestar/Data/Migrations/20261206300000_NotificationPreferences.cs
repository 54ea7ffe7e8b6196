using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lodestar.Data.Migrations;

/// <summary>
/// Notices by kind, as each user chooses (in-app, e-mail at once, daily summary): the kind and the e-mailed instant of a
/// notification, the users' choices, and the marks of one-time notices that the daily jobs now fold into one
/// notification per person and kind. Existing notifications get their kind from their key and count as e-mailed (the jobs
/// e-mailed them at the time); their one-time keys become marks. Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261206300000_NotificationPreferences")]
public sealed class NotificationPreferences : Migration
{
    /// <summary>The key prefixes of the notices before this migration, with their kind.</summary>
    private static readonly (string Prefix, string Kind)[] Kinds =
    [
        ("group:report-arrived:", "ReportArrived"), ("group:report-approved:", "ReportApproved"), ("report-return:", "ReportReturned"),
        ("group:task-done:", "TaskDone"), ("report-due:", "Reminder"), ("report-remind:", "Reminder"), ("task-overdue:", "Overdue"),
        ("report-overdue:", "Overdue"), ("task-escalated:", "Escalation"), ("report-escalated:", "Escalation"), ("digest:", "WeeklyDigest"),
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "Kind", table: "Notifications", maxLength: 40, nullable: false, defaultValue: "Reminder");
        migrationBuilder.AddColumn<DateTime>(name: "MailedAt", table: "Notifications", nullable: true);
        foreach (var (prefix, kind) in Kinds)
        {
            migrationBuilder.Sql($"UPDATE \"Notifications\" SET \"Kind\" = '{kind}' WHERE \"Key\" LIKE '{prefix}%'");
        }

        migrationBuilder.Sql("UPDATE \"Notifications\" SET \"MailedAt\" = \"CreatedAt\"");
        migrationBuilder.CreateIndex(name: "IX_Notifications_CreatedAt", table: "Notifications", column: "CreatedAt");

        migrationBuilder.CreateTable(name: "NotificationPreferences", columns: table => new
        {
            UserId = table.Column<int>(nullable: false),
            Kind = table.Column<string>(maxLength: 40, nullable: false),
            Delivery = table.Column<string>(maxLength: 20, nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_NotificationPreferences", x => new { x.UserId, x.Kind });
            table.ForeignKey(name: "FK_NotificationPreferences_AspNetUsers_UserId", column: x => x.UserId, principalTable: "AspNetUsers", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "NoticeMarks", columns: table => new
        {
            UserId = table.Column<int>(nullable: false),
            Key = table.Column<string>(maxLength: 200, nullable: false),
            CreatedAt = table.Column<DateTime>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_NoticeMarks", x => new { x.UserId, x.Key });
            table.ForeignKey(name: "FK_NoticeMarks_AspNetUsers_UserId", column: x => x.UserId, principalTable: "AspNetUsers", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.Sql("""
            INSERT INTO "NoticeMarks" ("UserId", "Key", "CreatedAt")
            SELECT "UserId", "Key", "CreatedAt" FROM "Notifications"
            WHERE "Key" LIKE 'task-overdue:%' OR "Key" LIKE 'task-escalated:%' OR "Key" LIKE 'report-due:%' OR "Key" LIKE 'report-overdue:%' OR "Key" LIKE 'report-escalated:%'
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "NoticeMarks");
        migrationBuilder.DropTable(name: "NotificationPreferences");
        migrationBuilder.DropIndex(name: "IX_Notifications_CreatedAt", table: "Notifications");
        migrationBuilder.DropColumn(name: "MailedAt", table: "Notifications");
        migrationBuilder.DropColumn(name: "Kind", table: "Notifications");
    }
}
