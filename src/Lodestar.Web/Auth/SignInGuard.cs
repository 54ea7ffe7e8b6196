using System.Collections.Concurrent;
using System.Net;
using Lodestar.Accounts;
using Lodestar.Audit;
using Lodestar.Data;
using Microsoft.AspNetCore.Identity;
using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.Auth;

/// <summary>What a sign-in attempt came to, and what the person is told (the same words for every kind of failure).</summary>
public sealed record SignInAttempt(LodestarUser? User, string? Error, TimeSpan? RetryAfter)
{
    public bool Succeeded => User is not null;

    /// <summary>The password was right, and the account's second factor is asked next (<see cref="SignInGuard.CheckCodeAsync"/>).</summary>
    public LodestarUser? Pending { get; init; }

    /// <summary>Signed in with the second factor too (the sign-in carries <c>amr=mfa</c>).</summary>
    public bool Mfa { get; init; }

    /// <summary>The deployment requires a second factor of this account, which has none yet: it must set one up first.</summary>
    public bool MustEnrol { get; init; }
}

/// <summary>
/// The one check behind the sign-in page and the token endpoint (docs/security.md):
/// <list type="bullet">
/// <item>an unknown user name costs the same password hashing as a known one and gets the same answer, so neither the
/// time nor the words tell which names exist;</item>
/// <item>failures are counted per address (<see cref="PerAddress"/> in <see cref="Window"/>) and per user name, known or
/// not (<see cref="PerName"/>); past them the answer is "wait" with the time left (429 and Retry-After for the API),
/// whatever the password, so nobody can guess on and nobody can keep an account locked from one address for long;</item>
/// <item>an account an administrator locked says so, but only to whoever gives its right password;</item>
/// <item>an account with two-factor sign-in gives its authenticator code (or a recovery code) after the password; a wrong
/// code counts as a failure of the name like a wrong password;</item>
/// <item>every attempt, good or bad, is an audit event (who, from where, what came of it).</item>
/// </list>
/// Counts live in memory per instance: behind several instances each counts its own share (n instances allow n × 5
/// guesses per name in 15 minutes), and a restart forgets them.
/// </summary>
public sealed class SignInGuard(
    SignInManager<LodestarUser> signIn, IPasswordHasher<LodestarUser> hasher, LodestarDbContext db, TimeProvider clock, SignInCounts counts, Setup.LodestarOptions options)
{
    /// <summary>The claim (and value) of a sign-in made with the second factor, as ASP.NET Core Identity writes it.</summary>
    public const string MfaClaim = "amr";

    public const string MfaValue = "mfa";
    public const int PerAddress = 20;

    public const int PerName = 5;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    // A hash of a password nobody has, checked for unknown names so they take as long as known ones.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<LodestarUser>().HashPassword(new LodestarUser(), Guid.NewGuid().ToString("N")));

    private static string Failed => T("Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong user name or password.");

    public async Task<SignInAttempt> CheckAsync(string? userName, string? password, IPAddress? from)
    {
        var name = (userName ?? string.Empty).Trim();
        // An in-process host (the tests' server) has no client address: only the per-name count applies there.
        var address = from?.ToString();
        var now = clock.GetUtcNow();
        if (Blocked(name, address, now) is { } wait)
        {
            await AuditAsync(name, address, "sign-in-throttled");
            return Wait(wait);
        }

        var user = name.Length == 0 ? null : await signIn.UserManager.FindByNameAsync(name);
        if (user is null || string.IsNullOrEmpty(password))
        {
            hasher.VerifyHashedPassword(new LodestarUser(), DummyHash.Value, password ?? string.Empty);
            return await FailAsync(name, address, now);
        }

        if (user.LockoutEnd == DateTimeOffset.MaxValue)
        {
            // Locked by an administrator: said only to whoever knows the password; anyone else learns nothing.
            var right = hasher.VerifyHashedPassword(user, user.PasswordHash ?? string.Empty, password) != PasswordVerificationResult.Failed;
            await AuditAsync(name, address, right ? "sign-in-refused-locked" : "sign-in-failed");
            return right
                ? new SignInAttempt(null, T("Tài khoản đã bị quản trị viên khóa; hãy liên hệ Văn phòng chuyển đổi số.", "An administrator locked this account; contact the DX office."), null)
                : await FailAsync(name, address, now, audited: true);
        }

        // The pause after failures is this guard's, the same for every name; Identity's own lockout is not used for it.
        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false);
        if (!check.Succeeded)
        {
            return await FailAsync(name, address, now);
        }

        if (user.TwoFactorEnabled)
        {
            await AuditAsync(name, address, "sign-in-code-asked");
            return new SignInAttempt(null, T("Nhập mã 6 số của ứng dụng xác thực (hoặc một mã khôi phục).", "Enter the 6-digit code of your authenticator app (or a recovery code)."), null) { Pending = user };
        }

        counts.Clear("n:" + name.ToUpperInvariant());
        await AuditAsync(name, address, "sign-in");
        return new SignInAttempt(user, null, null) { MustEnrol = await MustEnrolAsync(user) };
    }

    /// <summary>
    /// The second step of an account with two-factor sign-in, after its password: the authenticator's current code, or a
    /// recovery code (each works once). A wrong code counts against the name as a wrong password does.
    /// </summary>
    public async Task<SignInAttempt> CheckCodeAsync(LodestarUser user, string? code, IPAddress? from)
    {
        var name = user.UserName ?? string.Empty;
        var address = from?.ToString();
        var now = clock.GetUtcNow();
        if (Blocked(name, address, now) is { } wait)
        {
            await AuditAsync(name, address, "sign-in-throttled");
            return Wait(wait);
        }

        var typed = new string((code ?? string.Empty).Where(c => !char.IsWhiteSpace(c)).ToArray());
        var right = typed.Length > 0
            && (await AuthenticatorCodeIsRightAsync(signIn.UserManager, user, typed) || (await signIn.UserManager.RedeemTwoFactorRecoveryCodeAsync(user, typed)).Succeeded);
        if (!right)
        {
            var failed = await FailAsync(name, address, now, action: "sign-in-code-failed");
            return failed.RetryAfter is null
                ? failed with { Error = T("Mã xác thực không đúng hoặc đã hết hạn; hãy nhập mã đang hiện trên ứng dụng.", "The code is wrong or expired; enter the code your app shows now."), Pending = user }
                : failed;
        }

        counts.Clear("n:" + name.ToUpperInvariant());
        await AuditAsync(name, address, "sign-in");
        return new SignInAttempt(user, null, null) { Mfa = true };
    }

    /// <summary>Whether the code is the 6 digits the account's authenticator app shows now (spaces ignored).</summary>
    public static async Task<bool> AuthenticatorCodeIsRightAsync(UserManager<LodestarUser> users, LodestarUser user, string? code)
    {
        var typed = new string((code ?? string.Empty).Where(c => !char.IsWhiteSpace(c)).ToArray());
        return typed.Length == 6 && typed.All(char.IsAsciiDigit)
            && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, typed);
    }

    /// <summary>Whether the deployment requires a second factor of this account (administrators, the DX office) and it has none.</summary>
    public async Task<bool> MustEnrolAsync(LodestarUser user) =>
        options.TwoFactorRequired && !user.TwoFactorEnabled
        && (await signIn.UserManager.IsInRoleAsync(user, Roles.Admin) || await signIn.UserManager.IsInRoleAsync(user, Roles.DxOffice));

    /// <summary>Whether the signed-in principal must still set up two-factor sign-in before anything else (see <see cref="MustEnrolAsync"/>).</summary>
    public static bool LacksRequiredFactor(System.Security.Claims.ClaimsPrincipal user, Setup.LodestarOptions options) =>
        options.TwoFactorRequired
        && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.DxOffice))
        && !user.HasClaim(MfaClaim, MfaValue)
        && !user.HasClaim(c => c.Type == ApiKeyService.KeyClaim);

    /// <summary>How long the name (or the address) must wait before its password is checked again, if at all.</summary>
    public TimeSpan? PausedFor(string name, IPAddress? from) => Blocked(name.Trim(), from?.ToString(), clock.GetUtcNow());

    /// <summary>
    /// A wrong current password at the own-password change counts as a failed sign-in of the name, so a stolen session
    /// cannot guess the password there faster than at the sign-in; answers the pause it started, if any.
    /// </summary>
    public async Task<TimeSpan?> CountWrongPasswordAsync(string name, IPAddress? from) =>
        (await FailAsync(name.Trim(), from?.ToString(), clock.GetUtcNow(), action: "password-change-failed")).RetryAfter;

    public static string PauseMessage(TimeSpan wait)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        return T(
            $"Có quá nhiều lần đăng nhập sai; hãy thử lại sau {minutes} phút.",
            $"Too many failed sign-ins; try again in {minutes} minute{(minutes == 1 ? "" : "s")}.");
    }

    private async Task<SignInAttempt> FailAsync(string name, string? address, DateTimeOffset now, bool audited = false, string action = "sign-in-failed")
    {
        if (address is not null)
        {
            counts.Fail(now, "a:" + address);
        }

        counts.Fail(now, "n:" + name.ToUpperInvariant());
        if (!audited)
        {
            await AuditAsync(name, address, action);
        }

        // The failure that reaches a limit already answers "wait", as Identity's lockout does for a real account.
        return Blocked(name, address, now) is { } wait ? Wait(wait) : new SignInAttempt(null, Failed, null);
    }

    private TimeSpan? Blocked(string name, string? address, DateTimeOffset now) =>
        (address is null ? null : counts.Blocked(now, "a:" + address, PerAddress)) ?? counts.Blocked(now, "n:" + name.ToUpperInvariant(), PerName);

    private static SignInAttempt Wait(TimeSpan wait) => new(null, PauseMessage(wait), wait);

    private async Task AuditAsync(string name, string? address, string action)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            At = db.UtcNow,
            User = name.Length == 0 ? "(trống)" : name[..Math.Min(name.Length, 256)],
            Action = action,
            Entity = "SignIn",
            Key = address ?? "local",
        });
        await db.SaveChangesAsync();
    }
}

/// <summary>Failed sign-ins per key (address or user name) in fixed windows; one per process.</summary>
public sealed class SignInCounts
{
    private readonly ConcurrentDictionary<string, (int Count, DateTimeOffset Start)> _failures = new();

    /// <summary>How long the key must wait, or null when it may try.</summary>
    public TimeSpan? Blocked(DateTimeOffset now, string key, int limit) =>
        _failures.TryGetValue(key, out var f) && now - f.Start < SignInGuard.Window && f.Count >= limit ? f.Start + SignInGuard.Window - now : null;

    public void Fail(DateTimeOffset now, string key)
    {
        _failures.AddOrUpdate(key, _ => (1, now), (_, f) => now - f.Start < SignInGuard.Window ? (f.Count + 1, f.Start) : (1, now));
        if (_failures.Count > 100_000)
        {
            // A flood of made-up names: forget the windows that have ended.
            foreach (var (k, f) in _failures.Where(e => now - e.Value.Start >= SignInGuard.Window).ToList())
            {
                _failures.TryRemove(k, out _);
            }
        }
    }

    public void Clear(string key) => _failures.TryRemove(key, out _);
}
