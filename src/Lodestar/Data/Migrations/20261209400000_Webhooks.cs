using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lodestar.Data.Migrations;

/// <summary>Webhooks out and their delivery log, the outbox (Connectors/README.md "Webhooks"). Hand-written (docs/adr/0003).</summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261209400000_Webhooks")]
public sealed class Webhooks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(name: "Webhooks", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Code = table.Column<string>(maxLength: 64, nullable: false),
            Name = table.Column<string>(maxLength: 200, nullable: false),
            Url = table.Column<string>(maxLength: 2000, nullable: false),
            Events = table.Column<string>(maxLength: 200, nullable: false),
            ProtectedSecret = table.Column<string>(nullable: false),
            Paused = table.Column<bool>(nullable: false),
            OwnerUnitId = table.Column<int>(nullable: false),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_Webhooks", x => x.Id);
            table.ForeignKey(name: "FK_Webhooks_OrgUnits_OwnerUnitId", column: x => x.OwnerUnitId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });
        migrationBuilder.CreateIndex(name: "IX_Webhooks_Code", table: "Webhooks", column: "Code", unique: true);
        migrationBuilder.CreateIndex(name: "IX_Webhooks_OwnerUnitId", table: "Webhooks", column: "OwnerUnitId");

        migrationBuilder.CreateTable(name: "WebhookDeliveries", columns: table => new
        {
            Id = table.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Uid = table.Column<string>(maxLength: 36, nullable: false),
            WebhookId = table.Column<int>(nullable: false),
            Event = table.Column<string>(maxLength: 64, nullable: false),
            Payload = table.Column<string>(nullable: false),
            OccurredAt = table.Column<DateTime>(nullable: false),
            Status = table.Column<string>(maxLength: 16, nullable: false),
            Attempts = table.Column<int>(nullable: false),
            NextAttemptAt = table.Column<DateTime>(nullable: true),
            LastStatusCode = table.Column<int>(nullable: true),
            LastError = table.Column<string>(maxLength: 2000, nullable: true),
            LastAttemptAt = table.Column<DateTime>(nullable: true),
            DeliveredAt = table.Column<DateTime>(nullable: true),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_WebhookDeliveries", x => x.Id);
            table.ForeignKey(name: "FK_WebhookDeliveries_Webhooks_WebhookId", column: x => x.WebhookId, principalTable: "Webhooks", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });
        migrationBuilder.CreateIndex(name: "IX_WebhookDeliveries_Status_NextAttemptAt", table: "WebhookDeliveries", columns: ["Status", "NextAttemptAt"]);
        migrationBuilder.CreateIndex(name: "IX_WebhookDeliveries_Uid", table: "WebhookDeliveries", column: "Uid", unique: true);
        migrationBuilder.CreateIndex(name: "IX_WebhookDeliveries_WebhookId_Id", table: "WebhookDeliveries", columns: ["WebhookId", "Id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "WebhookDeliveries");
        migrationBuilder.DropTable(name: "Webhooks");
    }
}
