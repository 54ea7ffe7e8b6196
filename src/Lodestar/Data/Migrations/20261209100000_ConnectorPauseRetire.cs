using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lodestar.Data.Migrations;

/// <summary>
/// A connector can be paused (the scheduler leaves it) and deleted by retiring it (its runs and the values' history keep
/// their meaning): Connectors/README.md. Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261209100000_ConnectorPauseRetire")]
public sealed class ConnectorPauseRetire : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>(name: "Paused", table: "Connectors", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<DateTime>(name: "RetiredAt", table: "Connectors", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "RetiredAt", table: "Connectors");
        migrationBuilder.DropColumn(name: "Paused", table: "Connectors");
    }
}
