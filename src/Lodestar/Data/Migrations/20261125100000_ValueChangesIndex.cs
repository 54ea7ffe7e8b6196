using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lodestar.Data.Migrations;

/// <summary>
/// Values by last change, so each instance's live analytics read only what changed since they last looked
/// (src/Lodestar/Analytics/README.md). Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261125100000_ValueChangesIndex")]
public sealed class ValueChangesIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex(name: "IX_DataValues_UpdatedAt", table: "DataValues", column: "UpdatedAt");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex(name: "IX_DataValues_UpdatedAt", table: "DataValues");
}
