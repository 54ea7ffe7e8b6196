using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lodestar.Data.Migrations;

/// <summary>The log of reminders sent on demand from the completeness page: form, unit, period, recipient, who sent it and when. Hand-written (docs/adr/0003).</summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261205500000_ReportReminders")]
public sealed class ReportReminders : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(name: "ReportReminders", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            FormId = table.Column<int>(nullable: false),
            OrgUnitId = table.Column<int>(nullable: false),
            Period = table.Column<string>(maxLength: 8, nullable: false),
            RecipientId = table.Column<int>(nullable: false),
            RecipientName = table.Column<string>(maxLength: 256, nullable: false),
            Emailed = table.Column<bool>(nullable: false),
            SentAt = table.Column<DateTime>(nullable: false),
            SentBy = table.Column<string>(maxLength: 256, nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_ReportReminders", x => x.Id);
            table.ForeignKey(name: "FK_ReportReminders_ReportForms_FormId", column: x => x.FormId, principalTable: "ReportForms", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
            table.ForeignKey(name: "FK_ReportReminders_OrgUnits_OrgUnitId", column: x => x.OrgUnitId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });

        migrationBuilder.CreateIndex(name: "IX_ReportReminders_FormId_Period", table: "ReportReminders", columns: ["FormId", "Period"]);
        migrationBuilder.CreateIndex(name: "IX_ReportReminders_OrgUnitId", table: "ReportReminders", column: "OrgUnitId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "ReportReminders");
}
