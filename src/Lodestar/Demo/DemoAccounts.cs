using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.OrgUnits;

namespace Lodestar.Demo;

/// <summary>One account of the demo: its user name, role, scope and what to try first with it (README's table).</summary>
public sealed record DemoAccount(string UserName, string Role, string ScopeCode, string Tries);

/// <summary>The demo accounts just created, with their one password when Lodestar generated it (null: LODESTAR_DEMO_PASSWORD).</summary>
public sealed record DemoAccountsCreated(IReadOnlyList<DemoAccount> Accounts, string? GeneratedPassword);

/// <summary>
/// One account per role of the demo province, all with one password, so a newcomer can sign in as each of them.
/// Created only with the demo province in a new database (<see cref="Setup.DatabaseInitializer"/>), never on an
/// existing one nor without the demo. The names start with "demo." so they never meet an account the tests create.
/// The heads are named after the people who hold the posts in the demo, so the weekly digest and the committee pages
/// find them.
/// </summary>
public sealed class DemoAccounts(AccountService accounts, OrgUnitQueries units, TimeProvider clock)
{
    /// <summary>A ward of the provincial capital with villages, tasks and reports in the demo.</summary>
    public const string CommuneCode = "05977";

    /// <summary>A department whose director holds a seat on the demo's steering committee.</summary>
    public const string CommitteeAgencyCode = DemoSeeder.ProvinceCode + ".SNV";

    public static IReadOnlyList<DemoAccount> All { get; } =
    [
        new("demo.cds", Roles.DxOffice, DemoSeeder.ProvinceCode, "review DTI self-assessments (/dti/assessments), decide what is public (/publishing), assign a task (/tasks/new)"),
        new("demo.bcd", Roles.SteeringMember, DemoSeeder.ProvinceCode, "the province at a glance (/), committee meetings (/meetings), his seat (/dti/committee)"),
        new("demo.lanhdao", Roles.UnitHead, CommuneCode, "his ward's tasks (/tasks), his scorecard (/scorecards/05977)"),
        new("demo.canbo", Roles.ReportingOfficer, CommuneCode, "the ward's DTI self-assessment, a draft (/dti/assessments), its reports (/reports)"),
        new("demo.xem", Roles.Viewer, DemoSeeder.ProvinceCode, "the whole province, read only"),
    ];

    private const string Variable = "LODESTAR_DEMO_PASSWORD";

    /// <summary>
    /// Stops a first start whose LODESTAR_DEMO_PASSWORD the password rules refuse, before anything is loaded: the accounts
    /// are made only with a new demo database, so a refusal after the demo was seeded would leave it without them.
    /// </summary>
    public async Task CheckPasswordAsync(string? configuredPassword)
    {
        if (string.IsNullOrEmpty(configuredPassword))
        {
            return;
        }

        foreach (var account in All)
        {
            AccountService.ThrowIfRefused(await accounts.PasswordProblemsAsync(account.UserName, configuredPassword), Variable);
        }
    }

    /// <summary>Creates the accounts with <paramref name="configuredPassword"/>, or one generated password returned once.</summary>
    public async Task<DemoAccountsCreated> CreateAsync(string? configuredPassword, CancellationToken ct = default)
    {
        var password = string.IsNullOrEmpty(configuredPassword) ? AccountService.GeneratePassword(All.Select(a => a.UserName)) : configuredPassword;
        var today = Dates.Today(clock);
        foreach (var account in All)
        {
            var created = await accounts.CreateAsync(new NewAccount(account.UserName, await FullNameAsync(account, today, ct), null, account.Role, account.ScopeCode, password), ct);
            AccountService.ThrowIfRefused(created.Problems, Variable);
        }

        return new DemoAccountsCreated(All, string.IsNullOrEmpty(configuredPassword) ? password : null);
    }

    /// <summary>The unit head and the committee member are the people holding those posts today; the others say what they are.</summary>
    private async Task<string> FullNameAsync(DemoAccount account, DateOnly today, CancellationToken ct)
    {
        var headOf = account.Role switch
        {
            Roles.UnitHead => account.ScopeCode,
            Roles.SteeringMember => CommitteeAgencyCode,
            _ => null,
        };
        var unit = headOf is null ? null : await units.FindAsync(headOf, today, ct);
        var head = unit is null ? null : await units.HeadAsync(unit.Id, today, ct);
        return head?.Person ?? Roles.Label(account.Role, english: false) + " (demo)";
    }
}
