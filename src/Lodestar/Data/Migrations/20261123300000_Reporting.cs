using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lodestar.Data.Migrations;

/// <summary>
/// Periodic reporting: report forms (items, reporting units, validation rules), reports with their workflow
/// events, and the approval flag of a data value (existing values stay published). Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261123300000_Reporting")]
public sealed class PeriodicReporting : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>(name: "Approved", table: "DataValues", nullable: false, defaultValue: true);

        migrationBuilder.CreateTable(name: "ReportForms", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Code = table.Column<string>(nullable: false, maxLength: 64),
            Name = table.Column<string>(nullable: false, maxLength: 500),
            NameEn = table.Column<string>(nullable: true, maxLength: 500),
            Description = table.Column<string>(nullable: true),
            PeriodType = table.Column<string>(nullable: false, maxLength: 8),
            DueDays = table.Column<int>(nullable: false),
            FirstPeriod = table.Column<string>(nullable: false, maxLength: 8),
            NeedsApproval = table.Column<bool>(nullable: false),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table => table.PrimaryKey("PK_ReportForms", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_ReportForms_Code", table: "ReportForms", column: "Code", unique: true);

        migrationBuilder.CreateTable(name: "ReportFormItems", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            FormId = table.Column<int>(nullable: false),
            DataElementId = table.Column<int>(nullable: false),
            Section = table.Column<string>(nullable: false, maxLength: 200),
            SortOrder = table.Column<int>(nullable: false),
            Help = table.Column<string>(nullable: true, maxLength: 1000),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_ReportFormItems", x => x.Id);
            table.ForeignKey(name: "FK_ReportFormItems_DataElements_DataElementId", column: x => x.DataElementId, principalTable: "DataElements", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            table.ForeignKey(name: "FK_ReportFormItems_ReportForms_FormId", column: x => x.FormId, principalTable: "ReportForms", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex(name: "IX_ReportFormItems_DataElementId", table: "ReportFormItems", column: "DataElementId");
        migrationBuilder.CreateIndex(name: "IX_ReportFormItems_FormId_DataElementId", table: "ReportFormItems", columns: ["FormId", "DataElementId"], unique: true);

        migrationBuilder.CreateTable(name: "ReportFormUnits", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            FormId = table.Column<int>(nullable: false),
            OrgUnitId = table.Column<int>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_ReportFormUnits", x => x.Id);
            table.ForeignKey(name: "FK_ReportFormUnits_OrgUnits_OrgUnitId", column: x => x.OrgUnitId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            table.ForeignKey(name: "FK_ReportFormUnits_ReportForms_FormId", column: x => x.FormId, principalTable: "ReportForms", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex(name: "IX_ReportFormUnits_FormId_OrgUnitId", table: "ReportFormUnits", columns: ["FormId", "OrgUnitId"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_ReportFormUnits_OrgUnitId", table: "ReportFormUnits", column: "OrgUnitId");

        migrationBuilder.CreateTable(name: "ReportRules", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            FormId = table.Column<int>(nullable: false),
            Kind = table.Column<string>(nullable: false, maxLength: 16),
            DataElementId = table.Column<int>(nullable: false),
            OtherElementId = table.Column<int>(nullable: true),
            Op = table.Column<string>(nullable: false, maxLength: 16),
            Min = table.Column<double>(nullable: true),
            Max = table.Column<double>(nullable: true),
            Tolerance = table.Column<double>(nullable: true),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_ReportRules", x => x.Id);
            table.ForeignKey(name: "FK_ReportRules_DataElements_DataElementId", column: x => x.DataElementId, principalTable: "DataElements", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            table.ForeignKey(name: "FK_ReportRules_DataElements_OtherElementId", column: x => x.OtherElementId, principalTable: "DataElements", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            table.ForeignKey(name: "FK_ReportRules_ReportForms_FormId", column: x => x.FormId, principalTable: "ReportForms", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex(name: "IX_ReportRules_DataElementId", table: "ReportRules", column: "DataElementId");
        migrationBuilder.CreateIndex(name: "IX_ReportRules_FormId", table: "ReportRules", column: "FormId");
        migrationBuilder.CreateIndex(name: "IX_ReportRules_OtherElementId", table: "ReportRules", column: "OtherElementId");

        migrationBuilder.CreateTable(name: "Reports", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            FormId = table.Column<int>(nullable: false),
            OrgUnitId = table.Column<int>(nullable: false),
            Period = table.Column<string>(nullable: false, maxLength: 8),
            DueOn = table.Column<DateOnly>(nullable: false),
            Status = table.Column<string>(nullable: false, maxLength: 16),
            FirstSubmittedOn = table.Column<DateOnly>(nullable: true),
            SubmittedAt = table.Column<DateTime>(nullable: true),
            SubmittedBy = table.Column<string>(nullable: true, maxLength: 256),
            DecidedAt = table.Column<DateTime>(nullable: true),
            DecidedBy = table.Column<string>(nullable: true, maxLength: 256),
            Reason = table.Column<string>(nullable: true, maxLength: 2000),
            ReturnCount = table.Column<int>(nullable: false),
            ReopenCount = table.Column<int>(nullable: false),
            Version = table.Column<int>(nullable: false),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_Reports", x => x.Id);
            table.ForeignKey(name: "FK_Reports_OrgUnits_OrgUnitId", column: x => x.OrgUnitId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            table.ForeignKey(name: "FK_Reports_ReportForms_FormId", column: x => x.FormId, principalTable: "ReportForms", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });
        migrationBuilder.CreateIndex(name: "IX_Reports_FormId_OrgUnitId_Period", table: "Reports", columns: ["FormId", "OrgUnitId", "Period"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_Reports_OrgUnitId", table: "Reports", column: "OrgUnitId");

        migrationBuilder.CreateTable(name: "ReportEvents", columns: table => new
        {
            Id = table.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            ReportId = table.Column<int>(nullable: false),
            Action = table.Column<string>(nullable: false, maxLength: 16),
            ToStatus = table.Column<string>(nullable: false, maxLength: 16),
            Reason = table.Column<string>(nullable: true, maxLength: 2000),
            At = table.Column<DateTime>(nullable: false),
            By = table.Column<string>(nullable: false, maxLength: 256),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_ReportEvents", x => x.Id);
            table.ForeignKey(name: "FK_ReportEvents_Reports_ReportId", column: x => x.ReportId, principalTable: "Reports", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex(name: "IX_ReportEvents_ReportId", table: "ReportEvents", column: "ReportId");

        migrationBuilder.CreateTable(name: "ReportEvidence", columns: table => new
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
            UploadedAt = table.Column<DateTime>(nullable: false),
            UploadedBy = table.Column<string>(nullable: false, maxLength: 256),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_ReportEvidence", x => x.Id);
            table.ForeignKey(name: "FK_ReportEvidence_Reports_ReportId", column: x => x.ReportId, principalTable: "Reports", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex(name: "IX_ReportEvidence_ReportId", table: "ReportEvidence", column: "ReportId");
        migrationBuilder.CreateIndex(name: "IX_ReportEvidence_Uid", table: "ReportEvidence", column: "Uid", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "ReportEvidence");
        migrationBuilder.DropTable(name: "ReportEvents");
        migrationBuilder.DropTable(name: "Reports");
        migrationBuilder.DropTable(name: "ReportRules");
        migrationBuilder.DropTable(name: "ReportFormUnits");
        migrationBuilder.DropTable(name: "ReportFormItems");
        migrationBuilder.DropTable(name: "ReportForms");
        migrationBuilder.DropColumn(name: "Approved", table: "DataValues");
    }
}
