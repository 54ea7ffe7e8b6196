using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lodestar.Data.Migrations;

/// <summary>Writes sent with an Idempotency-Key and their answers, a day long (Operations/IdempotentRequests, ADR 0021). Hand-written (docs/adr/0003).</summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261208300000_IdempotencyKeys")]
public sealed class IdempotencyKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(name: "IdempotentRequests", columns: table => new
        {
            Actor = table.Column<string>(maxLength: 256, nullable: false),
            Key = table.Column<string>(maxLength: 100, nullable: false),
            Method = table.Column<string>(maxLength: 8, nullable: false),
            Path = table.Column<string>(maxLength: 512, nullable: false),
            Status = table.Column<int>(nullable: false),
            ContentType = table.Column<string>(maxLength: 128, nullable: true),
            Body = table.Column<byte[]>(nullable: true),
            CreatedAt = table.Column<DateTime>(nullable: false),
        }, constraints: table => table.PrimaryKey("PK_IdempotentRequests", x => new { x.Actor, x.Key }));
        migrationBuilder.CreateIndex(name: "IX_IdempotentRequests_CreatedAt", table: "IdempotentRequests", column: "CreatedAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "IdempotentRequests");
}
