using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lodestar.Data.Migrations;

/// <summary>Keys for other systems: named, with a role, a scope and a last day; only the hash of the secret. Hand-written (docs/adr/0003).</summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261205200000_ApiKeys")]
public sealed class ApiKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(name: "ApiKeys", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Name = table.Column<string>(maxLength: 200, nullable: false),
            Role = table.Column<string>(maxLength: 32, nullable: false),
            ScopeUnitId = table.Column<int>(nullable: true),
            ExpiresOn = table.Column<DateOnly>(nullable: false),
            Prefix = table.Column<string>(maxLength: 16, nullable: false),
            SecretHash = table.Column<string>(maxLength: 64, nullable: false),
            RevokedAt = table.Column<DateTime>(nullable: true),
            RevokedBy = table.Column<string>(nullable: true),
            LastUsedAt = table.Column<DateTime>(nullable: true),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_ApiKeys", x => x.Id);
            table.ForeignKey(name: "FK_ApiKeys_OrgUnits_ScopeUnitId", column: x => x.ScopeUnitId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });

        migrationBuilder.CreateIndex(name: "IX_ApiKeys_Prefix", table: "ApiKeys", column: "Prefix", unique: true);
        migrationBuilder.CreateIndex(name: "IX_ApiKeys_ScopeUnitId", table: "ApiKeys", column: "ScopeUnitId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "ApiKeys");
}
