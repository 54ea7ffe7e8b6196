using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lodestar.Data.Migrations;

/// <summary>
/// A data element that counts (households, schools) takes whole numbers only. Existing elements keep accepting decimals
/// until the DX office says otherwise. Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261205100000_WholeNumberElements")]
public sealed class WholeNumberElements : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<bool>(name: "WholeNumbers", table: "DataElements", nullable: false, defaultValue: false);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "WholeNumbers", table: "DataElements");
}
