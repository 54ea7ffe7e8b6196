using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lodestar.Data.Migrations;

/// <summary>
/// The commit-ordered change feed (docs/adr/0016): one batch per write, numbered at commit, and on each value the batch
/// that last changed it. Replaces the index on the time of last change the live model caught up by. Hand-written
/// (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261206100000_CommitOrderedChangeFeed")]
public sealed class CommitOrderedChangeFeed : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(name: "ChangeBatches", columns: table => new
        {
            Id = table.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Seq = table.Column<long>(nullable: true),
            StartedAt = table.Column<DateTime>(nullable: false),
            CommittedAt = table.Column<DateTime>(nullable: true),
            By = table.Column<string>(maxLength: 256, nullable: false),
            Rebuild = table.Column<bool>(nullable: false),
        }, constraints: table => table.PrimaryKey("PK_ChangeBatches", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_ChangeBatches_Seq", table: "ChangeBatches", column: "Seq", unique: true);

        migrationBuilder.AddColumn<long>(name: "BatchId", table: "DataValues", nullable: false, defaultValue: 0L);
        migrationBuilder.CreateIndex(name: "IX_DataValues_BatchId", table: "DataValues", column: "BatchId");
        migrationBuilder.DropIndex(name: "IX_DataValues_UpdatedAt", table: "DataValues");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex(name: "IX_DataValues_UpdatedAt", table: "DataValues", column: "UpdatedAt");
        migrationBuilder.DropIndex(name: "IX_DataValues_BatchId", table: "DataValues");
        migrationBuilder.DropColumn(name: "BatchId", table: "DataValues");
        migrationBuilder.DropTable(name: "ChangeBatches");
    }
}
