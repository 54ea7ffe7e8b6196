using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lodestar.Data.Migrations;

/// <summary>
/// What each write in the change feed changed (values, structure, DTI, work), so computed figures are kept until a
/// write of a kind they depend on (Data/FigureCache, docs/adr/0017). Earlier batches keep 0. Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261207000000_ChangeBatchKinds")]
public sealed class ChangeBatchKinds : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<int>(name: "Kinds", table: "ChangeBatches", nullable: false, defaultValue: 0);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn(name: "Kinds", table: "ChangeBatches");
}
