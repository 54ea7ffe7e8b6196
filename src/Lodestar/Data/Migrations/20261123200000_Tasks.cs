using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lodestar.Data.Migrations;

/// <summary>
/// The task register: tasks with their co-operating units, pillar and targets, progress and completion reports with evidence,
/// extension requests, and the in-app notifications the daily job writes. Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261123200000_Tasks")]
public sealed class TaskRegister : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(name: "Notifications", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            UserId = table.Column<int>(nullable: false),
            Key = table.Column<string>(nullable: false, maxLength: 200),
            TextVi = table.Column<string>(nullable: false),
            TextEn = table.Column<string>(nullable: false),
            Link = table.Column<string>(nullable: true, maxLength: 500),
            CreatedAt = table.Column<DateTime>(nullable: false),
            ReadAt = table.Column<DateTime>(nullable: true),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_Notifications", x => x.Id);
            table.ForeignKey(name: "FK_Notifications_AspNetUsers_UserId", column: x => x.UserId, principalTable: "AspNetUsers", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "Tasks", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Uid = table.Column<string>(nullable: false, maxLength: 11),
            Title = table.Column<string>(nullable: false, maxLength: 500),
            Description = table.Column<string>(nullable: true),
            SourceKind = table.Column<string>(nullable: false, maxLength: 16),
            SourceNumber = table.Column<string>(nullable: true, maxLength: 100),
            SourceDate = table.Column<DateOnly>(nullable: true),
            OwnerUnitId = table.Column<int>(nullable: false),
            AccountablePositionId = table.Column<int>(nullable: true),
            AssignedOn = table.Column<DateOnly>(nullable: false),
            Deadline = table.Column<DateOnly>(nullable: false),
            ExtendedTo = table.Column<DateOnly>(nullable: true),
            Recurrence = table.Column<string>(nullable: false, maxLength: 16),
            Priority = table.Column<string>(nullable: false, maxLength: 16),
            ExpectedOutput = table.Column<string>(nullable: true),
            PillarId = table.Column<int>(nullable: true),
            ParentId = table.Column<int>(nullable: true),
            PreviousOccurrenceId = table.Column<int>(nullable: true),
            AssignedBy = table.Column<string>(nullable: false, maxLength: 256),
            CompletedOn = table.Column<DateOnly>(nullable: true),
            Percent = table.Column<int>(nullable: false),
            HasProgress = table.Column<bool>(nullable: false),
            CancelledOn = table.Column<DateOnly>(nullable: true),
            CancelReason = table.Column<string>(nullable: true),
            OverdueNotifiedFor = table.Column<DateOnly>(nullable: true),
            EscalatedFor = table.Column<DateOnly>(nullable: true),
            SearchText = table.Column<string>(nullable: false, maxLength: 1200),
            Version = table.Column<int>(nullable: false),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_Tasks", x => x.Id);
            table.ForeignKey(name: "FK_Tasks_OrgUnits_OwnerUnitId", column: x => x.OwnerUnitId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            table.ForeignKey(name: "FK_Tasks_Pillars_PillarId", column: x => x.PillarId, principalTable: "Pillars", principalColumn: "Id", onDelete: ReferentialAction.SetNull);
            table.ForeignKey(name: "FK_Tasks_Positions_AccountablePositionId", column: x => x.AccountablePositionId, principalTable: "Positions", principalColumn: "Id", onDelete: ReferentialAction.SetNull);
            table.ForeignKey(name: "FK_Tasks_Tasks_ParentId", column: x => x.ParentId, principalTable: "Tasks", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            table.ForeignKey(name: "FK_Tasks_Tasks_PreviousOccurrenceId", column: x => x.PreviousOccurrenceId, principalTable: "Tasks", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });

        migrationBuilder.CreateTable(name: "TaskTargets", columns: table => new
        {
            TaskId = table.Column<int>(nullable: false),
            TargetId = table.Column<int>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_TaskTargets", x => new { x.TaskId, x.TargetId });
            table.ForeignKey(name: "FK_TaskTargets_Targets_TargetId", column: x => x.TargetId, principalTable: "Targets", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
            table.ForeignKey(name: "FK_TaskTargets_Tasks_TaskId", column: x => x.TaskId, principalTable: "Tasks", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });


        migrationBuilder.CreateTable(name: "TaskCoUnits", columns: table => new
        {
            TaskId = table.Column<int>(nullable: false),
            OrgUnitId = table.Column<int>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_TaskCoUnits", x => new { x.TaskId, x.OrgUnitId });
            table.ForeignKey(name: "FK_TaskCoUnits_OrgUnits_OrgUnitId", column: x => x.OrgUnitId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
            table.ForeignKey(name: "FK_TaskCoUnits_Tasks_TaskId", column: x => x.TaskId, principalTable: "Tasks", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "TaskExtensions", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Uid = table.Column<string>(nullable: false, maxLength: 11),
            TaskId = table.Column<int>(nullable: false),
            RequestedOn = table.Column<DateOnly>(nullable: false),
            NewDeadline = table.Column<DateOnly>(nullable: false),
            Reason = table.Column<string>(nullable: false),
            Decision = table.Column<string>(nullable: false, maxLength: 16),
            DecidedOn = table.Column<DateOnly>(nullable: true),
            DecidedBy = table.Column<string>(nullable: true),
            DecisionReason = table.Column<string>(nullable: true),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_TaskExtensions", x => x.Id);
            table.ForeignKey(name: "FK_TaskExtensions_Tasks_TaskId", column: x => x.TaskId, principalTable: "Tasks", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "TaskReports", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Uid = table.Column<string>(nullable: false, maxLength: 11),
            TaskId = table.Column<int>(nullable: false),
            Kind = table.Column<string>(nullable: false, maxLength: 16),
            ReportedOn = table.Column<DateOnly>(nullable: false),
            Percent = table.Column<int>(nullable: false),
            Narrative = table.Column<string>(nullable: false),
            ExpectedOn = table.Column<DateOnly>(nullable: true),
            Decision = table.Column<string>(nullable: true, maxLength: 16),
            DecidedOn = table.Column<DateOnly>(nullable: true),
            DecidedBy = table.Column<string>(nullable: true),
            DecisionReason = table.Column<string>(nullable: true),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_TaskReports", x => x.Id);
            table.ForeignKey(name: "FK_TaskReports_Tasks_TaskId", column: x => x.TaskId, principalTable: "Tasks", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "TaskEvidence", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Uid = table.Column<string>(nullable: false, maxLength: 11),
            ReportId = table.Column<int>(nullable: false),
            FileName = table.Column<string>(nullable: false, maxLength: 255),
            ContentType = table.Column<string>(nullable: false, maxLength: 100),
            Size = table.Column<long>(nullable: false),
            StoredPath = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_TaskEvidence", x => x.Id);
            table.ForeignKey(name: "FK_TaskEvidence_TaskReports_ReportId", column: x => x.ReportId, principalTable: "TaskReports", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateIndex(name: "IX_Notifications_UserId_Key", table: "Notifications", columns: new[] { "UserId", "Key" }, unique: true);
        migrationBuilder.CreateIndex(name: "IX_TaskCoUnits_OrgUnitId", table: "TaskCoUnits", column: "OrgUnitId");
        migrationBuilder.CreateIndex(name: "IX_TaskEvidence_ReportId", table: "TaskEvidence", column: "ReportId");
        migrationBuilder.CreateIndex(name: "IX_TaskEvidence_Uid", table: "TaskEvidence", column: "Uid", unique: true);
        migrationBuilder.CreateIndex(name: "IX_TaskExtensions_TaskId", table: "TaskExtensions", column: "TaskId");
        migrationBuilder.CreateIndex(name: "IX_TaskExtensions_Uid", table: "TaskExtensions", column: "Uid", unique: true);
        migrationBuilder.CreateIndex(name: "IX_TaskReports_TaskId", table: "TaskReports", column: "TaskId");
        migrationBuilder.CreateIndex(name: "IX_TaskReports_Uid", table: "TaskReports", column: "Uid", unique: true);
        migrationBuilder.CreateIndex(name: "IX_Tasks_AccountablePositionId", table: "Tasks", column: "AccountablePositionId");
        migrationBuilder.CreateIndex(name: "IX_Tasks_PillarId", table: "Tasks", column: "PillarId");
        migrationBuilder.CreateIndex(name: "IX_TaskTargets_TargetId", table: "TaskTargets", column: "TargetId");
        migrationBuilder.CreateIndex(name: "IX_Tasks_Deadline", table: "Tasks", column: "Deadline");
        migrationBuilder.CreateIndex(name: "IX_Tasks_OwnerUnitId", table: "Tasks", column: "OwnerUnitId");
        migrationBuilder.CreateIndex(name: "IX_Tasks_ParentId", table: "Tasks", column: "ParentId");
        migrationBuilder.CreateIndex(name: "IX_Tasks_PreviousOccurrenceId", table: "Tasks", column: "PreviousOccurrenceId");
        migrationBuilder.CreateIndex(name: "IX_Tasks_Uid", table: "Tasks", column: "Uid", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "TaskEvidence");
        migrationBuilder.DropTable(name: "TaskReports");
        migrationBuilder.DropTable(name: "TaskExtensions");
        migrationBuilder.DropTable(name: "TaskCoUnits");
        migrationBuilder.DropTable(name: "TaskTargets");
        migrationBuilder.DropTable(name: "Tasks");
        migrationBuilder.DropTable(name: "Notifications");
    }
}
