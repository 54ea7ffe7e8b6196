using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Lodestar.Data.Migrations;

/// <summary>
/// The foundation schema: organisation (units, parent links, lineage, boundaries), people and positions,
/// community digital teams, accounts (ASP.NET Core Identity) and the audit trail.
/// Hand-written (see docs/adr/0003): column types are left to the provider, so SQLite and PostgreSQL share it.
/// </summary>
[DbContext(typeof(LodestarDbContext))]
[Migration("20261123000000_Foundation")]
public sealed class Foundation : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(name: "AspNetRoles", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Name = table.Column<string>(nullable: true, maxLength: 256),
            NormalizedName = table.Column<string>(nullable: true, maxLength: 256),
            ConcurrencyStamp = table.Column<string>(nullable: true),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_AspNetRoles", x => x.Id);
        });

        migrationBuilder.CreateTable(name: "AuditEntries", columns: table => new
        {
            Id = table.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            At = table.Column<DateTime>(nullable: false),
            User = table.Column<string>(nullable: false),
            Action = table.Column<string>(nullable: false),
            Entity = table.Column<string>(nullable: false),
            Key = table.Column<string>(nullable: false),
            Before = table.Column<string>(nullable: true),
            After = table.Column<string>(nullable: true),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_AuditEntries", x => x.Id);
        });

        migrationBuilder.CreateTable(name: "OrgUnits", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Uid = table.Column<string>(nullable: false, maxLength: 11),
            Code = table.Column<string>(nullable: false, maxLength: 32),
            Name = table.Column<string>(nullable: false),
            FullName = table.Column<string>(nullable: false),
            NameEn = table.Column<string>(nullable: true),
            Type = table.Column<string>(nullable: false),
            TypeEn = table.Column<string>(nullable: true),
            Level = table.Column<string>(nullable: false, maxLength: 16),
            ValidFrom = table.Column<DateOnly>(nullable: true),
            ValidTo = table.Column<DateOnly>(nullable: true),
            IsOfficial = table.Column<bool>(nullable: false),
            SearchText = table.Column<string>(nullable: false, maxLength: 600),
            Version = table.Column<int>(nullable: false),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_OrgUnits", x => x.Id);
        });

        migrationBuilder.CreateTable(name: "People", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Uid = table.Column<string>(nullable: false, maxLength: 11),
            FullName = table.Column<string>(nullable: false),
            Email = table.Column<string>(nullable: true),
            Phone = table.Column<string>(nullable: true),
            SearchText = table.Column<string>(nullable: false),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_People", x => x.Id);
        });

        migrationBuilder.CreateTable(name: "AspNetRoleClaims", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            RoleId = table.Column<int>(nullable: false),
            ClaimType = table.Column<string>(nullable: true),
            ClaimValue = table.Column<string>(nullable: true),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
            table.ForeignKey(name: "FK_AspNetRoleClaims_AspNetRoles_RoleId", column: x => x.RoleId, principalTable: "AspNetRoles", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "AspNetUsers", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            FullName = table.Column<string>(nullable: false),
            ScopeUnitId = table.Column<int>(nullable: true),
            CreatedAt = table.Column<DateTime>(nullable: false),
            UserName = table.Column<string>(nullable: true, maxLength: 256),
            NormalizedUserName = table.Column<string>(nullable: true, maxLength: 256),
            Email = table.Column<string>(nullable: true, maxLength: 256),
            NormalizedEmail = table.Column<string>(nullable: true, maxLength: 256),
            EmailConfirmed = table.Column<bool>(nullable: false),
            PasswordHash = table.Column<string>(nullable: true),
            SecurityStamp = table.Column<string>(nullable: true),
            ConcurrencyStamp = table.Column<string>(nullable: true),
            PhoneNumber = table.Column<string>(nullable: true),
            PhoneNumberConfirmed = table.Column<bool>(nullable: false),
            TwoFactorEnabled = table.Column<bool>(nullable: false),
            LockoutEnd = table.Column<DateTimeOffset>(nullable: true),
            LockoutEnabled = table.Column<bool>(nullable: false),
            AccessFailedCount = table.Column<int>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_AspNetUsers", x => x.Id);
            table.ForeignKey(name: "FK_AspNetUsers_OrgUnits_ScopeUnitId", column: x => x.ScopeUnitId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });

        migrationBuilder.CreateTable(name: "OrgUnitBoundaries", columns: table => new
        {
            OrgUnitId = table.Column<int>(nullable: false),
            GeoJson = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_OrgUnitBoundaries", x => x.OrgUnitId);
            table.ForeignKey(name: "FK_OrgUnitBoundaries_OrgUnits_OrgUnitId", column: x => x.OrgUnitId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "OrgUnitLineages", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            PredecessorId = table.Column<int>(nullable: false),
            SuccessorId = table.Column<int>(nullable: false),
            MergeType = table.Column<string>(nullable: false, maxLength: 16),
            Effective = table.Column<DateOnly>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_OrgUnitLineages", x => x.Id);
            table.ForeignKey(name: "FK_OrgUnitLineages_OrgUnits_PredecessorId", column: x => x.PredecessorId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            table.ForeignKey(name: "FK_OrgUnitLineages_OrgUnits_SuccessorId", column: x => x.SuccessorId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });

        migrationBuilder.CreateTable(name: "OrgUnitParents", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            ChildId = table.Column<int>(nullable: false),
            ParentId = table.Column<int>(nullable: false),
            ValidFrom = table.Column<DateOnly>(nullable: true),
            ValidTo = table.Column<DateOnly>(nullable: true),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_OrgUnitParents", x => x.Id);
            table.ForeignKey(name: "FK_OrgUnitParents_OrgUnits_ChildId", column: x => x.ChildId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
            table.ForeignKey(name: "FK_OrgUnitParents_OrgUnits_ParentId", column: x => x.ParentId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        });

        migrationBuilder.CreateTable(name: "Positions", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Uid = table.Column<string>(nullable: false, maxLength: 11),
            OrgUnitId = table.Column<int>(nullable: false),
            Title = table.Column<string>(nullable: false),
            TitleEn = table.Column<string>(nullable: true),
            IsHead = table.Column<bool>(nullable: false),
            SortOrder = table.Column<int>(nullable: false),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_Positions", x => x.Id);
            table.ForeignKey(name: "FK_Positions_OrgUnits_OrgUnitId", column: x => x.OrgUnitId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "DigitalTeams", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Uid = table.Column<string>(nullable: false, maxLength: 11),
            OrgUnitId = table.Column<int>(nullable: false),
            Name = table.Column<string>(nullable: false),
            FoundedOn = table.Column<DateOnly>(nullable: false),
            LeaderId = table.Column<int>(nullable: true),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_DigitalTeams", x => x.Id);
            table.ForeignKey(name: "FK_DigitalTeams_OrgUnits_OrgUnitId", column: x => x.OrgUnitId, principalTable: "OrgUnits", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
            table.ForeignKey(name: "FK_DigitalTeams_People_LeaderId", column: x => x.LeaderId, principalTable: "People", principalColumn: "Id", onDelete: ReferentialAction.SetNull);
        });

        migrationBuilder.CreateTable(name: "AspNetUserClaims", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            UserId = table.Column<int>(nullable: false),
            ClaimType = table.Column<string>(nullable: true),
            ClaimValue = table.Column<string>(nullable: true),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
            table.ForeignKey(name: "FK_AspNetUserClaims_AspNetUsers_UserId", column: x => x.UserId, principalTable: "AspNetUsers", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "AspNetUserLogins", columns: table => new
        {
            LoginProvider = table.Column<string>(nullable: false),
            ProviderKey = table.Column<string>(nullable: false),
            ProviderDisplayName = table.Column<string>(nullable: true),
            UserId = table.Column<int>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
            table.ForeignKey(name: "FK_AspNetUserLogins_AspNetUsers_UserId", column: x => x.UserId, principalTable: "AspNetUsers", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "AspNetUserRoles", columns: table => new
        {
            UserId = table.Column<int>(nullable: false),
            RoleId = table.Column<int>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
            table.ForeignKey(name: "FK_AspNetUserRoles_AspNetRoles_RoleId", column: x => x.RoleId, principalTable: "AspNetRoles", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
            table.ForeignKey(name: "FK_AspNetUserRoles_AspNetUsers_UserId", column: x => x.UserId, principalTable: "AspNetUsers", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "AspNetUserTokens", columns: table => new
        {
            UserId = table.Column<int>(nullable: false),
            LoginProvider = table.Column<string>(nullable: false),
            Name = table.Column<string>(nullable: false),
            Value = table.Column<string>(nullable: true),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
            table.ForeignKey(name: "FK_AspNetUserTokens_AspNetUsers_UserId", column: x => x.UserId, principalTable: "AspNetUsers", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "PositionTerms", columns: table => new
        {
            Id = table.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Uid = table.Column<string>(nullable: false, maxLength: 11),
            PositionId = table.Column<int>(nullable: false),
            PersonId = table.Column<int>(nullable: false),
            StartOn = table.Column<DateOnly>(nullable: false),
            EndOn = table.Column<DateOnly>(nullable: true),
            Note = table.Column<string>(nullable: true),
            CreatedAt = table.Column<DateTime>(nullable: false),
            CreatedBy = table.Column<string>(nullable: false),
            UpdatedAt = table.Column<DateTime>(nullable: false),
            UpdatedBy = table.Column<string>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_PositionTerms", x => x.Id);
            table.ForeignKey(name: "FK_PositionTerms_People_PersonId", column: x => x.PersonId, principalTable: "People", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            table.ForeignKey(name: "FK_PositionTerms_Positions_PositionId", column: x => x.PositionId, principalTable: "Positions", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateTable(name: "DigitalTeamMembers", columns: table => new
        {
            TeamId = table.Column<int>(nullable: false),
            PersonId = table.Column<int>(nullable: false),
        }, constraints: table =>
        {
            table.PrimaryKey("PK_DigitalTeamMembers", x => new { x.TeamId, x.PersonId });
            table.ForeignKey(name: "FK_DigitalTeamMembers_DigitalTeams_TeamId", column: x => x.TeamId, principalTable: "DigitalTeams", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
            table.ForeignKey(name: "FK_DigitalTeamMembers_People_PersonId", column: x => x.PersonId, principalTable: "People", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
        });

        migrationBuilder.CreateIndex(name: "IX_AspNetRoleClaims_RoleId", table: "AspNetRoleClaims", column: "RoleId");
        migrationBuilder.CreateIndex(name: "RoleNameIndex", table: "AspNetRoles", column: "NormalizedName", unique: true);
        migrationBuilder.CreateIndex(name: "IX_AspNetUserClaims_UserId", table: "AspNetUserClaims", column: "UserId");
        migrationBuilder.CreateIndex(name: "IX_AspNetUserLogins_UserId", table: "AspNetUserLogins", column: "UserId");
        migrationBuilder.CreateIndex(name: "IX_AspNetUserRoles_RoleId", table: "AspNetUserRoles", column: "RoleId");
        migrationBuilder.CreateIndex(name: "EmailIndex", table: "AspNetUsers", column: "NormalizedEmail");
        migrationBuilder.CreateIndex(name: "IX_AspNetUsers_ScopeUnitId", table: "AspNetUsers", column: "ScopeUnitId");
        migrationBuilder.CreateIndex(name: "UserNameIndex", table: "AspNetUsers", column: "NormalizedUserName", unique: true);
        migrationBuilder.CreateIndex(name: "IX_AuditEntries_At", table: "AuditEntries", column: "At");
        migrationBuilder.CreateIndex(name: "IX_AuditEntries_Entity_Key", table: "AuditEntries", columns: new[] { "Entity", "Key" });
        migrationBuilder.CreateIndex(name: "IX_DigitalTeamMembers_PersonId", table: "DigitalTeamMembers", column: "PersonId");
        migrationBuilder.CreateIndex(name: "IX_DigitalTeams_LeaderId", table: "DigitalTeams", column: "LeaderId");
        migrationBuilder.CreateIndex(name: "IX_DigitalTeams_OrgUnitId", table: "DigitalTeams", column: "OrgUnitId");
        migrationBuilder.CreateIndex(name: "IX_DigitalTeams_Uid", table: "DigitalTeams", column: "Uid", unique: true);
        migrationBuilder.CreateIndex(name: "IX_OrgUnitLineages_PredecessorId_SuccessorId", table: "OrgUnitLineages", columns: new[] { "PredecessorId", "SuccessorId" }, unique: true);
        migrationBuilder.CreateIndex(name: "IX_OrgUnitLineages_SuccessorId", table: "OrgUnitLineages", column: "SuccessorId");
        migrationBuilder.CreateIndex(name: "IX_OrgUnitParents_ChildId", table: "OrgUnitParents", column: "ChildId");
        migrationBuilder.CreateIndex(name: "IX_OrgUnitParents_ParentId", table: "OrgUnitParents", column: "ParentId");
        migrationBuilder.CreateIndex(name: "IX_OrgUnits_Code", table: "OrgUnits", column: "Code");
        migrationBuilder.CreateIndex(name: "IX_OrgUnits_Level", table: "OrgUnits", column: "Level");
        migrationBuilder.CreateIndex(name: "IX_OrgUnits_Uid", table: "OrgUnits", column: "Uid", unique: true);
        migrationBuilder.CreateIndex(name: "IX_People_Uid", table: "People", column: "Uid", unique: true);
        migrationBuilder.CreateIndex(name: "IX_Positions_OrgUnitId", table: "Positions", column: "OrgUnitId");
        migrationBuilder.CreateIndex(name: "IX_Positions_Uid", table: "Positions", column: "Uid", unique: true);
        migrationBuilder.CreateIndex(name: "IX_PositionTerms_PersonId", table: "PositionTerms", column: "PersonId");
        migrationBuilder.CreateIndex(name: "IX_PositionTerms_PositionId", table: "PositionTerms", column: "PositionId");
        migrationBuilder.CreateIndex(name: "IX_PositionTerms_Uid", table: "PositionTerms", column: "Uid", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "DigitalTeamMembers");
        migrationBuilder.DropTable(name: "PositionTerms");
        migrationBuilder.DropTable(name: "AspNetUserTokens");
        migrationBuilder.DropTable(name: "AspNetUserRoles");
        migrationBuilder.DropTable(name: "AspNetUserLogins");
        migrationBuilder.DropTable(name: "AspNetUserClaims");
        migrationBuilder.DropTable(name: "DigitalTeams");
        migrationBuilder.DropTable(name: "Positions");
        migrationBuilder.DropTable(name: "OrgUnitParents");
        migrationBuilder.DropTable(name: "OrgUnitLineages");
        migrationBuilder.DropTable(name: "OrgUnitBoundaries");
        migrationBuilder.DropTable(name: "AspNetUsers");
        migrationBuilder.DropTable(name: "AspNetRoleClaims");
        migrationBuilder.DropTable(name: "People");
        migrationBuilder.DropTable(name: "OrgUnits");
        migrationBuilder.DropTable(name: "AuditEntries");
        migrationBuilder.DropTable(name: "AspNetRoles");
    }
}
