using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lodestar.Data.Migrations;

/// <summary>
/// Publishing: what the DX office made public (programmes, targets, DTI years, maps) and the append-only snapshot of
/// published figures with their revisions (ADR 0007). Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261124400000_Publishing")]
public sealed class Publishing : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(name: "Publications", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Kind = table.Column<string>(nullable: false, maxLength: 16),
            Key = table.Column<string>(nullable: false, maxLength: 80),
            PublishedAt = table.Column<DateTime>(nullable: false),
            PublishedBy = table.Column<string>(nullable: false),
            UpdatedOnPublicAt = table.Column<DateTime>(nullable: false),
            WithdrawnAt = table.Column<DateTime>(nullable: true),
            WithdrawnReason = table.Column<string>(nullable: true, maxLength: 1000),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table => table.PrimaryKey("PK_Publications", x => x.Id));

        migrationBuilder.CreateTable(name: "PublishedFigures", columns: table => new
        {
            Id = table.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            PublicationId = table.Column<int>(nullable: false),
            UnitCode = table.Column<string>(nullable: false, maxLength: 64),
            UnitName = table.Column<string>(nullable: false, maxLength: 300),
            UnitLevel = table.Column<string>(nullable: false, maxLength: 16),
            Period = table.Column<string>(nullable: false, maxLength: 8),
            Measure = table.Column<string>(nullable: false, maxLength: 16),
            Value = table.Column<double>(nullable: true),
            Revision = table.Column<int>(nullable: false),
            Note = table.Column<string>(nullable: true, maxLength: 1000),
            PublishedAt = table.Column<DateTime>(nullable: false),
            PublishedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_PublishedFigures", x => x.Id);
            table.ForeignKey(name: "FK_PublishedFigures_Publications_PublicationId", column: x => x.PublicationId, principalTable: "Publications", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateIndex(name: "IX_Publications_Kind_Key", table: "Publications", columns: new[] { "Kind", "Key" }, unique: true);
        migrationBuilder.CreateIndex(name: "IX_PublishedFigures_Figure_Revision", table: "PublishedFigures",
            columns: new[] { "PublicationId", "UnitCode", "Period", "Measure", "Revision" }, unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "PublishedFigures");
        migrationBuilder.DropTable(name: "Publications");
    }
}
