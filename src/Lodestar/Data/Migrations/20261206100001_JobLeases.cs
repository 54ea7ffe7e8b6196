using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lodestar.Data.Migrations;

/// <summary>Which instance runs each background job, and until when at most (Operations/JobLease). Hand-written (docs/adr/0003).</summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261206100001_JobLeases")]
public sealed class JobLeases : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(name: "JobLeases", columns: table => new
        {
            Job = table.Column<string>(maxLength: 64, nullable: false),
            Holder = table.Column<string>(maxLength: 256, nullable: false),
            Until = table.Column<DateTime>(nullable: false),
        }, constraints: table => table.PrimaryKey("PK_JobLeases", x => x.Job));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "JobLeases");
}
