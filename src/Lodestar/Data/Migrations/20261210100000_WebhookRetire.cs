using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lodestar.Data.Migrations;

/// <summary>
/// A webhook is deleted by retiring it, as a connector is: it sends nothing more but its delivery log and code stay
/// (Connectors/README.md "Webhooks"); a new signing secret is audited by when it was set. Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261210100000_WebhookRetire")]
public sealed class WebhookRetire : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTime>(name: "RetiredAt", table: "Webhooks", nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "SecretSetAt", table: "Webhooks", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "SecretSetAt", table: "Webhooks");
        migrationBuilder.DropColumn(name: "RetiredAt", table: "Webhooks");
    }
}
