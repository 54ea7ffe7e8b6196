using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Data;
using Lodestar.Web.Tests.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Lodestar.Web.Tests.Common.Api;

namespace Lodestar.Web.Tests.Accounts;

/// <summary>
/// Issue 15: accounts by API. Administrators manage every account; the DX office only accounts scoped inside its own
/// subtree (its province), never an administrator's; everyone else is refused. Writes the matrix would allow are sent so
/// that they fail validation where they can (a weak password: 400, nothing changed); a refused one is 403.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class AccountsApiTests(LodestarFactory app)
{
    public enum Action
    {
        Create,
        Lock,
        Unlock,
        SetPassword,
        ChangeRole,
    }

    /// <summary>Accounts acted upon: in the commune office's commune (a village), elsewhere in Lạng Sơn, in Hà Nội (the other office's commune), an administrator.</summary>
    public enum Target
    {
        OwnCommune,
        OwnProvince,
        OtherProvince,
        Administrator,
    }

    private const string Weak = "abc";

    public static TheoryData<Action, Actor, Target> Matrix()
    {
        var data = new TheoryData<Action, Actor, Target>();
        foreach (var action in Enum.GetValues<Action>())
        {
            foreach (var actor in Enum.GetValues<Actor>())
            {
                foreach (var target in Enum.GetValues<Target>())
                {
                    data.Add(action, actor, target);
                }
            }
        }

        return data;
    }

    /// <summary>The matrix's rule, written out: administrators all; an office what lies in its subtree, never an administrator.</summary>
    private static bool MayManage(Actor actor, Target target) => (actor, target) switch
    {
        (Actor.Admin, _) => true,
        (Actor.ProvinceOffice, Target.OwnCommune or Target.OwnProvince) => true,
        (Actor.CommuneOffice, Target.OwnCommune) => true,
        (Actor.OtherProvinceOffice, Target.OtherProvince) => true,
        _ => false,
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task AccountWrite_OnlyAdministratorsOrTheOfficeOfTheAccountsProvince_ElseForbidden(Action action, Actor actor, Target target)
    {
        var client = await Actors.ClientAsync(app, actor);
        var (userName, role, scope) = await TargetAsync(target);
        var allowed = MayManage(actor, target);

        var answer = action switch
        {
            Action.Create => await PostAsync(client, "/api/v1/accounts",
                new { userName = $"t.acc.new.{actor}.{target}".ToLowerInvariant(), fullName = "Tài khoản mới", role, scope, password = Weak }),
            Action.Lock => await PostAsync(client, $"/api/v1/accounts/{userName}/lock", new { }),
            Action.Unlock => await PostAsync(client, $"/api/v1/accounts/{userName}/unlock", new { }),
            Action.SetPassword => await PostAsync(client, $"/api/v1/accounts/{userName}/password", new { password = Weak }),
            Action.ChangeRole => await PostAsync(client, $"/api/v1/accounts/{userName}/role", new { role = "truong-phong", scope }),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };

        var expected = !allowed ? HttpStatusCode.Forbidden : action is Action.Lock or Action.Unlock ? HttpStatusCode.OK : HttpStatusCode.BadRequest;
        Assert.True(answer.Status == expected, $"{actor} {action} {target}: expected {(int)expected}, got {answer.Describe()}");
        if (allowed && expected == HttpStatusCode.BadRequest)
        {
            Assert.True(answer["errors"].TryGetProperty(action == Action.ChangeRole ? "role" : "password", out _), answer.Describe());
        }
    }

    [Theory]
    [InlineData(Actor.Admin)]
    [InlineData(Actor.ProvinceOffice)]
    [InlineData(Actor.CommuneOffice)]
    [InlineData(Actor.OtherProvinceOffice)]
    public async Task List_ShowsExactlyTheAccountsTheCallerManages(Actor actor)
    {
        var targets = new Dictionary<Target, string>();
        foreach (var target in Enum.GetValues<Target>())
        {
            targets[target] = (await TargetAsync(target)).UserName;
        }

        var listed = Items(await GetOkAsync(await Actors.ClientAsync(app, actor), "/api/v1/accounts?pageSize=1000")).Select(a => Str(a, "userName")).ToHashSet();

        foreach (var (target, userName) in targets)
        {
            Assert.True(MayManage(actor, target) == listed.Contains(userName), $"{actor} lists {target}: {listed.Contains(userName)}");
        }

        Assert.Equal(actor == Actor.Admin, listed.Contains("admin"));
        var first = await GetOkAsync(await Actors.ClientAsync(app, actor), "/api/v1/accounts?pageSize=1");
        Assert.Single(Items(first));
        Assert.Equal(listed.Count, first.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData(Roles.SteeringMember)]
    [InlineData(Roles.UnitHead)]
    [InlineData(Roles.ReportingOfficer)]
    [InlineData(Roles.Viewer)]
    public async Task EveryAccountEndpoint_ForOtherRoles_IsForbidden(string role)
    {
        var client = await app.ClientForAsync(role, DemoUnits.Province);
        var (userName, targetRole, scope) = await TargetAsync(Target.OwnProvince);

        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(client, "/api/v1/accounts")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(client, "/api/v1/accounts", new { userName = "t.acc.never", fullName = "X", role = targetRole, scope, password = LodestarFactory.UserPassword })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(client, $"/api/v1/accounts/{userName}/lock", new { })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(client, $"/api/v1/accounts/{userName}/unlock", new { })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(client, $"/api/v1/accounts/{userName}/password", new { password = "Mot-Mat-Khau-Moi-2026" })).Status);
    }

    [Fact]
    public async Task Anonymous_IsUnauthorized_AndAnUnknownAccountIsNotFound()
    {
        using var anonymous = app.CreateClient(LodestarFactory.NoRedirects);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(anonymous, "/api/v1/accounts")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(anonymous, "/api/v1/account/password", new { currentPassword = "x", newPassword = "y" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(await app.AdminClientAsync(), "/api/v1/accounts/khong.co.ai/lock", new { })).Status);
    }

    [Fact]
    public async Task Lock_EndsTheAccountsTokenAtOnce_AndUnlockLetsItSignInAgain()
    {
        var units = await app.DemoUnitsAsync();
        var userName = await app.CreateUserAsync("t.acc.lock.session", Roles.ReportingOfficer, units.Commune);
        using var token = BearerClient(await app.TokenAsync(userName, LodestarFactory.UserPassword));
        var office = await Actors.ClientAsync(app, Actor.ProvinceOffice);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(token, $"/api/v1/org-units/{units.Commune}")).Status);

        var locked = await PostAsync(office, $"/api/v1/accounts/{userName}/lock", new { });
        Assert.True(locked.Status == HttpStatusCode.OK, locked.Describe());
        Assert.True(locked["locked"].GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(token, $"/api/v1/org-units/{units.Commune}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(userName, LodestarFactory.UserPassword));

        var unlocked = await PostAsync(office, $"/api/v1/accounts/{userName}/unlock", new { });
        Assert.False(unlocked["locked"].GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(token, $"/api/v1/org-units/{units.Commune}")).Status); // the old token stays ended
        using var again = BearerClient(await app.TokenAsync(userName, LodestarFactory.UserPassword));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(again, $"/api/v1/org-units/{units.Commune}")).Status);
    }

    [Fact]
    public async Task SetPassword_EndsTheAccountsTokens_AndOnlyTheNewPasswordSignsIn()
    {
        var units = await app.DemoUnitsAsync();
        var userName = await app.CreateUserAsync("t.acc.reset.session", Roles.UnitHead, units.Village);
        using var token = BearerClient(await app.TokenAsync(userName, LodestarFactory.UserPassword));

        var reset = await PostAsync(await Actors.ClientAsync(app, Actor.CommuneOffice), $"/api/v1/accounts/{userName}/password", new { password = "Dat-Lai-Mat-Khau-2026" });

        Assert.True(reset.Status == HttpStatusCode.OK, reset.Describe());
        Assert.DoesNotContain("Dat-Lai-Mat-Khau-2026", reset.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(token, $"/api/v1/org-units/{units.Village}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(userName, LodestarFactory.UserPassword));

        Assert.False(string.IsNullOrEmpty(await app.TokenAsync(userName, "Dat-Lai-Mat-Khau-2026")));
    }

    [Theory]
    [InlineData("Password12", "en", "too common")]
    [InlineData("PASSWORD12", "en", "too common")]
    [InlineData("Password12", "vi", "quá phổ biến")]
    [InlineData("Matkhau123", "vi", "quá phổ biến")]
    [InlineData("Abc123456789", "en", "too common")]
    [InlineData("X-T.acc.pw.target-9", "en", "must not contain the user name")]
    [InlineData("X-t.acc.pw.target-9", "vi", "không được chứa tên đăng nhập")]
    [InlineData("abcdefghij", "en", "uppercase letter")]
    public async Task SetPassword_CommonOrContainingTheUserName_IsRefusedInTheReadersLanguage(string password, string language, string expected)
    {
        var userName = await EnsureUserAsync("t.acc.pw.target", Roles.Viewer, DemoUnits.Province);

        var answer = await PostAsync(await app.AdminClientAsync(), $"/api/v1/accounts/{userName}/password", new { password }, language);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        var messages = string.Join(" ", answer["errors"].GetProperty("password").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains(expected, messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithoutAPassword_AnswersAGeneratedOneOnce_WithOneNeverEchoesIt()
    {
        var admin = await app.AdminClientAsync();
        var generated = await PostAsync(admin, "/api/v1/accounts", new { userName = "t.acc.generated", fullName = "Mật Khẩu Sinh", role = Roles.Viewer, scope = DemoUnits.Province });
        Assert.True(generated.Status == HttpStatusCode.Created, generated.Describe());
        Assert.Equal("t.acc.generated", Str(generated.Json, "userName"));
        var password = Str(generated.Json, "password");
        Assert.True(password.Length >= 16, password);
        Assert.False(string.IsNullOrEmpty(await app.TokenAsync("t.acc.generated", password)));
        Assert.DoesNotContain(password, (await GetAsync(admin, "/api/v1/accounts?pageSize=1000")).Text, StringComparison.Ordinal);

        var chosen = await PostAsync(await Actors.ClientAsync(app, Actor.ProvinceOffice), "/api/v1/accounts",
            new { userName = "t.acc.chosen", fullName = "Mật Khẩu Chọn", email = "chon@langson.example", role = Roles.ReportingOfficer, scope = DemoUnits.Province, password = "Tu-Chon-Mat-Khau-2026" });
        Assert.True(chosen.Status == HttpStatusCode.Created, chosen.Describe());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, chosen["password"].ValueKind);
        Assert.DoesNotContain("Tu-Chon-Mat-Khau-2026", chosen.Text, StringComparison.Ordinal);
        var listed = Items(await GetOkAsync(await Actors.ClientAsync(app, Actor.ProvinceOffice), "/api/v1/accounts?pageSize=1000")).Single(a => Str(a, "userName") == "t.acc.chosen");
        Assert.Equal(Roles.ReportingOfficer, Str(listed, "role"));
        Assert.Equal(DemoUnits.Province, Str(listed, "scope"));
    }

    [Fact]
    public async Task Lock_OfOnesOwnAccount_IsRefused()
    {
        var office = await Actors.ClientAsync(app, Actor.ProvinceOffice);
        var answer = await PostAsync(office, $"/api/v1/accounts/{LodestarFactory.UserNameFor(Roles.DxOffice, DemoUnits.Province)}/lock", new { }, "en");
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("cannot lock your own account", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryChange_IsInTheAuditTrail_WithoutHashesOrStamps()
    {
        var admin = await app.AdminClientAsync();
        var created = await PostAsync(admin, "/api/v1/accounts", new { userName = "t.acc.audited", fullName = "Nhật Ký", role = Roles.Viewer, scope = DemoUnits.Province, password = "Nhat-Ky-Tai-Khoan-2026" });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(admin, "/api/v1/accounts/t.acc.audited/lock", new { })).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(admin, "/api/v1/accounts/t.acc.audited/unlock", new { })).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(admin, "/api/v1/accounts/t.acc.audited/password", new { password = "Mat-Khau-Thu-Hai-2026" })).Status);
        using (var own = BearerClient(await app.TokenAsync("t.acc.audited", "Mat-Khau-Thu-Hai-2026")))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(own, "/api/v1/account/password", new { currentPassword = "Mat-Khau-Thu-Hai-2026", newPassword = "Mat-Khau-Thu-Ba-2026" })).Status);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == "t.acc.audited");
        var entries = await db.AuditEntries.AsNoTracking().Where(a => a.Entity == nameof(LodestarUser) && a.Key == "t.acc.audited").OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["create", "update", "update", "password-set", "password-change"], entries.Select(e => e.Action));
        Assert.All(entries.Take(4), e => Assert.Equal("admin", e.User));
        Assert.Equal("t.acc.audited", entries[^1].User);
        Assert.Contains("LockoutEnd", entries[1].After!, StringComparison.Ordinal);
        Assert.All(entries, e =>
        {
            var text = e.Before + e.After;
            Assert.DoesNotContain("PasswordHash", text, StringComparison.Ordinal);
            Assert.DoesNotContain("SecurityStamp", text, StringComparison.Ordinal);
            Assert.DoesNotContain(user.PasswordHash!, text, StringComparison.Ordinal);
            Assert.DoesNotContain(user.SecurityStamp!, text, StringComparison.Ordinal);
        });
    }

    private async Task<(string UserName, string Role, string? Scope)> TargetAsync(Target target)
    {
        var units = await app.DemoUnitsAsync();
        var (userName, role, scope) = target switch
        {
            Target.OwnCommune => ("t.acc.village", Roles.ReportingOfficer, units.Village),
            Target.OwnProvince => ("t.acc.province", Roles.Viewer, units.OtherCommune),
            Target.OtherProvince => ("t.acc.hanoi", Roles.ReportingOfficer, await app.OtherProvinceCommuneAsync()),
            Target.Administrator => ("t.acc.admin", Roles.Admin, (string?)null),
            _ => throw new ArgumentOutOfRangeException(nameof(target)),
        };
        return (await EnsureUserAsync(userName, role, scope), role, scope);
    }

    private async Task<string> EnsureUserAsync(string userName, string role, string? scope)
    {
        await using var services = app.Services.CreateAsyncScope();
        return await services.ServiceProvider.GetRequiredService<UserManager<LodestarUser>>().FindByNameAsync(userName) is null
            ? await app.CreateUserAsync(userName, role, scope)
            : userName;
    }

    private async Task<HttpStatusCode> TokenStatusAsync(string userName, string password)
    {
        using var client = app.CreateClient(LodestarFactory.NoRedirects);
        using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password });
        return response.StatusCode;
    }

    private HttpClient BearerClient(string token)
    {
        var client = app.CreateClient(LodestarFactory.NoRedirects);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    internal static async Task<ApiAnswer> PostAsync(HttpClient client, string url, object body, string? acceptLanguage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (acceptLanguage is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        using var response = await client.SendAsync(request);
        return await ReadAsync(response);
    }

    [Fact]
    public async Task ChangingRoleAndScope_ByApi_EndsTheAccountsSignIns_AndTheOfficeCannotMoveItOutOfItsProvince()
    {
        var units = await app.DemoUnitsAsync();
        var foreign = await app.OtherProvinceCommuneAsync();
        var userName = await app.CreateUserAsync("t.acc.doi-vai-tro", Roles.ReportingOfficer, units.Commune);
        var token = await app.TokenAsync(userName, LodestarFactory.UserPassword);
        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(office, $"/api/v1/accounts/{userName}/role", new { role = Roles.UnitHead, scope = foreign })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(office, $"/api/v1/accounts/{userName}/role", new { role = Roles.Admin, scope = (string?)null })).Status);

        var changed = await PostAsync(office, $"/api/v1/accounts/{userName}/role", new { role = Roles.UnitHead, scope = units.OtherCommune });
        Assert.True(changed.Status == HttpStatusCode.OK, changed.Describe());
        Assert.Equal((Roles.UnitHead, units.OtherCommune), (Str(changed.Json, "role"), Str(changed.Json, "scope")));
        using var old = app.CreateClient(LodestarFactory.NoRedirects);
        old.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(old, "/api/v1/tasks?pageSize=1")).Status);
    }
}
