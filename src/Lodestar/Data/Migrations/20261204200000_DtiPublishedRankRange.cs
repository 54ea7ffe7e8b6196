using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lodestar.Data.Migrations;

/// <summary>
/// A published ranking prints a shared rank as a range ("32–34"): the upper end is kept as printed next to the rank
/// (null for a single rank). Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261204200000_DtiPublishedRankRange")]
public sealed class DtiPublishedRankRange : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<int>(name: "PublishedRankTo", table: "DtiAssessments", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "PublishedRankTo", table: "DtiAssessments");
}
