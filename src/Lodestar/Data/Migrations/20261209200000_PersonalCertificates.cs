using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lodestar.Data.Migrations;

/// <summary>
/// A person's own signing certificate (issue 20 item 3, LODESTAR_SIGNING_PERSONAL): one per account, the PKCS#12 and its
/// password encrypted with the data-protection keys, the subject, issuer, thumbprint and validity in the clear. Hand-written (docs/adr/0003).
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261209200000_PersonalCertificates")]
public sealed class PersonalCertificates : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(name: "PersonalCertificates", columns: table => new
        {
            UserId = table.Column<int>(nullable: false),
            Subject = table.Column<string>(maxLength: 512, nullable: false),
            Issuer = table.Column<string>(maxLength: 512, nullable: false),
            Thumbprint = table.Column<string>(maxLength: 64, nullable: false),
            NotBefore = table.Column<DateTime>(nullable: false),
            NotAfter = table.Column<DateTime>(nullable: false),
            ProtectedSecret = table.Column<string>(nullable: false),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_PersonalCertificates", x => x.UserId);
            table.ForeignKey(name: "FK_PersonalCertificates_AspNetUsers_UserId", column: x => x.UserId, principalTable: "AspNetUsers", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "PersonalCertificates");
}
