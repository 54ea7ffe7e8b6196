using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lodestar.Data.Migrations;

/// <summary>
/// Programmes and targets: data elements, indicators, reported values with their history, programmes with
/// pillars, targets and milestones. Hand-written (see docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261123100000_Targets")]
public sealed class Targets : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(name: "DataElements", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Code = table.Column<string>(nullable: false, maxLength: 64),
            Name = table.Column<string>(nullable: false),
            NameEn = table.Column<string>(nullable: true),
            Unit = table.Column<string>(nullable: false, maxLength: 32),
            TimeAggregation = table.Column<string>(nullable: false, maxLength: 16),
            MinValue = table.Column<double>(nullable: true),
            MaxValue = table.Column<double>(nullable: true),
            Description = table.Column<string>(nullable: true),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_DataElements", x => x.Id);
        });

        migrationBuilder.CreateTable(name: "Programmes", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Code = table.Column<string>(nullable: false, maxLength: 64),
            Name = table.Column<string>(nullable: false),
            NameEn = table.Column<string>(nullable: true),
            DocumentNumber = table.Column<string>(nullable: true),
            IssuedOn = table.Column<DateOnly>(nullable: true),
            Issuer = table.Column<string>(nullable: true),
            ProvinceId = table.Column<int>(nullable: true),
            StartYear = table.Column<int>(nullable: false),
            EndYear = table.Column<int>(nullable: false),
            OnTrackPercent = table.Column<double>(nullable: false),
            AtRiskPercent = table.Column<double>(nullable: false),
            Source = table.Column<string>(nullable: true),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_Programmes", x => x.Id);
            table.ForeignKey(name: "FK_Programmes_OrgUnits_ProvinceId", column: x => x.ProvinceId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });

        migrationBuilder.CreateTable(name: "Indicators", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Code = table.Column<string>(nullable: false, maxLength: 64),
            Name = table.Column<string>(nullable: false),
            NameEn = table.Column<string>(nullable: true),
            Unit = table.Column<string>(nullable: false, maxLength: 32),
            Kind = table.Column<string>(nullable: false, maxLength: 16),
            ElementId = table.Column<int>(nullable: false),
            DenominatorId = table.Column<int>(nullable: true),
            Factor = table.Column<double>(nullable: false),
            Aggregation = table.Column<string>(nullable: false, maxLength: 16),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_Indicators", x => x.Id);
            table.ForeignKey(name: "FK_Indicators_DataElements_DenominatorId", column: x => x.DenominatorId, principalTable: "DataElements", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            table.ForeignKey(name: "FK_Indicators_DataElements_ElementId", column: x => x.ElementId, principalTable: "DataElements", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });

        migrationBuilder.CreateTable(name: "Pillars", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            ProgrammeId = table.Column<int>(nullable: false),
            Name = table.Column<string>(nullable: false),
            NameEn = table.Column<string>(nullable: true),
            SortOrder = table.Column<int>(nullable: false),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_Pillars", x => x.Id);
            table.ForeignKey(name: "FK_Pillars_Programmes_ProgrammeId", column: x => x.ProgrammeId, principalTable: "Programmes", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "DataValues", columns: table => new
        {
            Id = table.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            DataElementId = table.Column<int>(nullable: false),
            OrgUnitId = table.Column<int>(nullable: false),
            Period = table.Column<string>(nullable: false, maxLength: 8),
            PeriodType = table.Column<string>(nullable: false, maxLength: 8),
            StartOn = table.Column<DateOnly>(nullable: false),
            EndOn = table.Column<DateOnly>(nullable: false),
            Value = table.Column<double>(nullable: false),
            Comment = table.Column<string>(nullable: true, maxLength: 2000),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_DataValues", x => x.Id);
            table.ForeignKey(name: "FK_DataValues_DataElements_DataElementId", column: x => x.DataElementId, principalTable: "DataElements", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            table.ForeignKey(name: "FK_DataValues_OrgUnits_OrgUnitId", column: x => x.OrgUnitId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });

        migrationBuilder.CreateTable(name: "DataValueChanges", columns: table => new
        {
            Id = table.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            DataElementId = table.Column<int>(nullable: false),
            OrgUnitId = table.Column<int>(nullable: false),
            Period = table.Column<string>(nullable: false, maxLength: 8),
            OldValue = table.Column<double>(nullable: true),
            NewValue = table.Column<double>(nullable: true),
            Comment = table.Column<string>(nullable: true, maxLength: 2000),
            At = table.Column<DateTime>(nullable: false),
            By = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_DataValueChanges", x => x.Id);
            table.ForeignKey(name: "FK_DataValueChanges_DataElements_DataElementId", column: x => x.DataElementId, principalTable: "DataElements", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            table.ForeignKey(name: "FK_DataValueChanges_OrgUnits_OrgUnitId", column: x => x.OrgUnitId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });

        migrationBuilder.CreateTable(name: "Targets", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Code = table.Column<string>(nullable: false, maxLength: 64),
            ProgrammeId = table.Column<int>(nullable: false),
            PillarId = table.Column<int>(nullable: true),
            Name = table.Column<string>(nullable: false),
            NameEn = table.Column<string>(nullable: true),
            Unit = table.Column<string>(nullable: false, maxLength: 32),
            Direction = table.Column<string>(nullable: false, maxLength: 16),
            Comparator = table.Column<string>(nullable: false, maxLength: 16),
            BaselineValue = table.Column<double>(nullable: true),
            BaselineYear = table.Column<int>(nullable: true),
            PathShape = table.Column<string>(nullable: false, maxLength: 16),
            IndicatorId = table.Column<int>(nullable: false),
            ResponsibleUnitId = table.Column<int>(nullable: true),
            AccountablePositionId = table.Column<int>(nullable: true),
            DataSource = table.Column<string>(nullable: true),
            Notes = table.Column<string>(nullable: true),
            SortOrder = table.Column<int>(nullable: false),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_Targets", x => x.Id);
            table.ForeignKey(name: "FK_Targets_Indicators_IndicatorId", column: x => x.IndicatorId, principalTable: "Indicators", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            table.ForeignKey(name: "FK_Targets_OrgUnits_ResponsibleUnitId", column: x => x.ResponsibleUnitId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            table.ForeignKey(name: "FK_Targets_Pillars_PillarId", column: x => x.PillarId, principalTable: "Pillars", principalColumn: "Id", onDelete: ReferentialAction.SetNull);
            table.ForeignKey(name: "FK_Targets_Positions_AccountablePositionId", column: x => x.AccountablePositionId, principalTable: "Positions", principalColumn: "Id", onDelete: ReferentialAction.SetNull);
            table.ForeignKey(name: "FK_Targets_Programmes_ProgrammeId", column: x => x.ProgrammeId, principalTable: "Programmes", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "TargetMilestones", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            TargetId = table.Column<int>(nullable: false),
            Year = table.Column<int>(nullable: false),
            Value = table.Column<double>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_TargetMilestones", x => x.Id);
            table.ForeignKey(name: "FK_TargetMilestones_Targets_TargetId", column: x => x.TargetId, principalTable: "Targets", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateIndex(name: "IX_DataElements_Code", table: "DataElements", column: "Code", unique: true);
        migrationBuilder.CreateIndex(name: "IX_DataValueChanges_DataElementId_OrgUnitId_Period", table: "DataValueChanges", columns: new[] { "DataElementId", "OrgUnitId", "Period" });
        migrationBuilder.CreateIndex(name: "IX_DataValueChanges_OrgUnitId", table: "DataValueChanges", column: "OrgUnitId");
        migrationBuilder.CreateIndex(name: "IX_DataValues_DataElementId_OrgUnitId_Period", table: "DataValues", columns: new[] { "DataElementId", "OrgUnitId", "Period" }, unique: true);
        migrationBuilder.CreateIndex(name: "IX_DataValues_OrgUnitId", table: "DataValues", column: "OrgUnitId");
        migrationBuilder.CreateIndex(name: "IX_Indicators_Code", table: "Indicators", column: "Code", unique: true);
        migrationBuilder.CreateIndex(name: "IX_Indicators_DenominatorId", table: "Indicators", column: "DenominatorId");
        migrationBuilder.CreateIndex(name: "IX_Indicators_ElementId", table: "Indicators", column: "ElementId");
        migrationBuilder.CreateIndex(name: "IX_Pillars_ProgrammeId", table: "Pillars", column: "ProgrammeId");
        migrationBuilder.CreateIndex(name: "IX_Programmes_Code", table: "Programmes", column: "Code", unique: true);
        migrationBuilder.CreateIndex(name: "IX_Programmes_ProvinceId", table: "Programmes", column: "ProvinceId");
        migrationBuilder.CreateIndex(name: "IX_TargetMilestones_TargetId_Year", table: "TargetMilestones", columns: new[] { "TargetId", "Year" }, unique: true);
        migrationBuilder.CreateIndex(name: "IX_Targets_AccountablePositionId", table: "Targets", column: "AccountablePositionId");
        migrationBuilder.CreateIndex(name: "IX_Targets_Code", table: "Targets", column: "Code", unique: true);
        migrationBuilder.CreateIndex(name: "IX_Targets_IndicatorId", table: "Targets", column: "IndicatorId");
        migrationBuilder.CreateIndex(name: "IX_Targets_PillarId", table: "Targets", column: "PillarId");
        migrationBuilder.CreateIndex(name: "IX_Targets_ProgrammeId", table: "Targets", column: "ProgrammeId");
        migrationBuilder.CreateIndex(name: "IX_Targets_ResponsibleUnitId", table: "Targets", column: "ResponsibleUnitId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "TargetMilestones");
        migrationBuilder.DropTable(name: "Targets");
        migrationBuilder.DropTable(name: "DataValueChanges");
        migrationBuilder.DropTable(name: "DataValues");
        migrationBuilder.DropTable(name: "Pillars");
        migrationBuilder.DropTable(name: "Indicators");
        migrationBuilder.DropTable(name: "Programmes");
        migrationBuilder.DropTable(name: "DataElements");
    }
}
