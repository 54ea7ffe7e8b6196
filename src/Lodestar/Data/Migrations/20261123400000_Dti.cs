using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lodestar.Data.Migrations;

/// <summary>
/// DTI: versioned index frameworks and their nodes, assessments per unit and year with items, evidence and review,
/// and the steering committee's members with the indexes they answer for. Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261123400000_Dti")]
public sealed class DtiIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(name: "DtiFrameworks", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Code = table.Column<string>(nullable: false, maxLength: 64),
            Name = table.Column<string>(nullable: false),
            NameEn = table.Column<string>(nullable: true),
            Level = table.Column<string>(nullable: false, maxLength: 16),
            ProvinceId = table.Column<int>(nullable: true),
            Version = table.Column<string>(nullable: false, maxLength: 32),
            FirstYear = table.Column<int>(nullable: false),
            LastYear = table.Column<int>(nullable: true),
            Derivation = table.Column<string>(nullable: false, maxLength: 16),
            WeightElementCode = table.Column<string>(nullable: true, maxLength: 64),
            Source = table.Column<string>(nullable: true),
            IsDemo = table.Column<bool>(nullable: false),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_DtiFrameworks", x => x.Id);
            table.ForeignKey(name: "FK_DtiFrameworks_OrgUnits_ProvinceId", column: x => x.ProvinceId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });

        migrationBuilder.CreateTable(name: "DtiNodes", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            FrameworkId = table.Column<int>(nullable: false),
            Code = table.Column<string>(nullable: false, maxLength: 32),
            ParentCode = table.Column<string>(nullable: true, maxLength: 32),
            Kind = table.Column<string>(nullable: false, maxLength: 16),
            SortOrder = table.Column<int>(nullable: false),
            Name = table.Column<string>(nullable: false),
            NameEn = table.Column<string>(nullable: true),
            MaxPoints = table.Column<double>(nullable: false),
            Rule = table.Column<string>(nullable: true, maxLength: 16),
            RuleParameters = table.Column<string>(nullable: true, maxLength: 500),
            RuleText = table.Column<string>(nullable: true),
            Evidence = table.Column<string>(nullable: true),
            DataSource = table.Column<string>(nullable: true),
            Verifier = table.Column<string>(nullable: true),
            InputElementCode = table.Column<string>(nullable: true, maxLength: 64),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_DtiNodes", x => x.Id);
            table.ForeignKey(name: "FK_DtiNodes_DtiFrameworks_FrameworkId", column: x => x.FrameworkId, principalTable: "DtiFrameworks", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "DtiAssessments", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            FrameworkId = table.Column<int>(nullable: false),
            OrgUnitId = table.Column<int>(nullable: false),
            Year = table.Column<int>(nullable: false),
            State = table.Column<string>(nullable: false, maxLength: 16),
            Origin = table.Column<string>(nullable: false, maxLength: 16),
            PublishedScore = table.Column<double>(nullable: true),
            PublishedRank = table.Column<int>(nullable: true),
            Source = table.Column<string>(nullable: true),
            IsDemo = table.Column<bool>(nullable: false),
            SubmittedAt = table.Column<DateTime>(nullable: true),
            SubmittedBy = table.Column<string>(nullable: true),
            ConfirmedAt = table.Column<DateTime>(nullable: true),
            ConfirmedBy = table.Column<string>(nullable: true),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_DtiAssessments", x => x.Id);
            table.ForeignKey(name: "FK_DtiAssessments_DtiFrameworks_FrameworkId", column: x => x.FrameworkId, principalTable: "DtiFrameworks", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
            table.ForeignKey(name: "FK_DtiAssessments_OrgUnits_OrgUnitId", column: x => x.OrgUnitId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });

        migrationBuilder.CreateTable(name: "DtiItems", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            AssessmentId = table.Column<int>(nullable: false),
            NodeCode = table.Column<string>(nullable: false, maxLength: 32),
            A = table.Column<double>(nullable: true),
            B = table.Column<double>(nullable: true),
            Note = table.Column<string>(nullable: true),
            Review = table.Column<string>(nullable: false, maxLength: 16),
            VerifiedA = table.Column<double>(nullable: true),
            VerifiedB = table.Column<double>(nullable: true),
            ReviewReason = table.Column<string>(nullable: true),
            ReviewedBy = table.Column<string>(nullable: true),
            ReviewedAt = table.Column<DateTime>(nullable: true),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_DtiItems", x => x.Id);
            table.ForeignKey(name: "FK_DtiItems_DtiAssessments_AssessmentId", column: x => x.AssessmentId, principalTable: "DtiAssessments", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "DtiEvidence", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            ItemId = table.Column<int>(nullable: false),
            FileName = table.Column<string>(nullable: false, maxLength: 255),
            ContentType = table.Column<string>(nullable: false, maxLength: 100),
            Size = table.Column<long>(nullable: false),
            StoredName = table.Column<string>(nullable: false, maxLength: 100),
            UploadedBy = table.Column<string>(nullable: false),
            UploadedAt = table.Column<DateTime>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_DtiEvidence", x => x.Id);
            table.ForeignKey(name: "FK_DtiEvidence_DtiItems_ItemId", column: x => x.ItemId, principalTable: "DtiItems", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "DtiSteeringMembers", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            ProvinceId = table.Column<int>(nullable: false),
            PositionId = table.Column<int>(nullable: false),
            Role = table.Column<string>(nullable: false, maxLength: 16),
            SortOrder = table.Column<int>(nullable: false),
            Owns = table.Column<string>(nullable: false),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_DtiSteeringMembers", x => x.Id);
            table.ForeignKey(name: "FK_DtiSteeringMembers_OrgUnits_ProvinceId", column: x => x.ProvinceId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            table.ForeignKey(name: "FK_DtiSteeringMembers_Positions_PositionId", column: x => x.PositionId, principalTable: "Positions", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });

        migrationBuilder.CreateIndex(name: "IX_DtiAssessments_FrameworkId_Year_OrgUnitId", table: "DtiAssessments", columns: new[] { "FrameworkId", "Year", "OrgUnitId" }, unique: true);
        migrationBuilder.CreateIndex(name: "IX_DtiAssessments_OrgUnitId", table: "DtiAssessments", column: "OrgUnitId");
        migrationBuilder.CreateIndex(name: "IX_DtiEvidence_ItemId", table: "DtiEvidence", column: "ItemId");
        migrationBuilder.CreateIndex(name: "IX_DtiFrameworks_Code", table: "DtiFrameworks", column: "Code", unique: true);
        migrationBuilder.CreateIndex(name: "IX_DtiFrameworks_ProvinceId", table: "DtiFrameworks", column: "ProvinceId");
        migrationBuilder.CreateIndex(name: "IX_DtiItems_AssessmentId_NodeCode", table: "DtiItems", columns: new[] { "AssessmentId", "NodeCode" }, unique: true);
        migrationBuilder.CreateIndex(name: "IX_DtiNodes_FrameworkId_Code", table: "DtiNodes", columns: new[] { "FrameworkId", "Code" }, unique: true);
        migrationBuilder.CreateIndex(name: "IX_DtiSteeringMembers_PositionId", table: "DtiSteeringMembers", column: "PositionId");
        migrationBuilder.CreateIndex(name: "IX_DtiSteeringMembers_ProvinceId_PositionId", table: "DtiSteeringMembers", columns: new[] { "ProvinceId", "PositionId" }, unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "DtiSteeringMembers");
        migrationBuilder.DropTable(name: "DtiEvidence");
        migrationBuilder.DropTable(name: "DtiItems");
        migrationBuilder.DropTable(name: "DtiAssessments");
        migrationBuilder.DropTable(name: "DtiNodes");
        migrationBuilder.DropTable(name: "DtiFrameworks");
    }
}
