using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Web.Tests.Auth;

/// <summary>POST /api/v1/auth/token and the bearer tokens it issues.</summary>
[Collection(SharedApp.Name)]
public sealed class TokenAuthTests(LodestarFactory app)
{
    [Fact]
    public async Task Token_WrongPassword_Returns401Problem()
    {
        var userName = await app.CreateUserAsync("t.token.wrong", Roles.Viewer, DemoUnits.Province);
        using var client = app.CreateClient(LodestarFactory.NoRedirects);

        var answer = await PostTokenAsync(client, userName, "Sai-Mat-Khau-123");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal("Đăng nhập thất bại", Api.Str(answer.Json, "title"));
        Assert.False(answer.Json.TryGetProperty("token", out _));
    }

    [Fact]
    public async Task Token_UnknownUser_Returns401Problem()
    {
        using var client = app.CreateClient(LodestarFactory.NoRedirects);

        var answer = await PostTokenAsync(client, "khong.ton.tai", LodestarFactory.UserPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
    }

    [Fact]
    public async Task Token_GoodPassword_ReturnsTokenAndExpiryThatOpensTheApi()
    {
        using var client = app.CreateClient(LodestarFactory.NoRedirects);
        var before = app.Clock.GetUtcNow();

        var answer = await PostTokenAsync(client, "admin", LodestarFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var token = Api.Str(answer.Json, "token");
        Assert.False(string.IsNullOrWhiteSpace(token));
        var expiresAt = answer["expiresAt"].GetDateTimeOffset();
        Assert.InRange(expiresAt, before + TimeSpan.FromHours(7), before + TimeSpan.FromHours(9));

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var units = await Api.GetAsync(client, "/api/v1/org-units/20");
        Assert.Equal(HttpStatusCode.OK, units.Status);
    }

    [Fact]
    public async Task Api_GarbageBearerToken_Returns401()
    {
        using var client = app.CreateClient(LodestarFactory.NoRedirects);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "khong-phai-token.abc.123");

        var answer = await Api.GetAsync(client, "/api/v1/org-units/20");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Null(answer.Location);
    }

    [Fact]
    public async Task Token_FiveWrongPasswords_LocksOutEvenTheRightPassword()
    {
        var userName = await app.CreateUserAsync("t.token.lockout", Roles.Viewer, DemoUnits.Province);
        using var client = app.CreateClient(LodestarFactory.NoRedirects);

        for (var i = 0; i < 5; i++)
        {
            var wrong = await PostTokenAsync(client, userName, $"Sai-Mat-Khau-{i}x");
            Assert.Equal(i < 4 ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests, wrong.Status);
        }

        var right = await PostTokenAsync(client, userName, LodestarFactory.UserPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, right.Status);
        Assert.Equal("Tạm dừng đăng nhập", Api.Str(right.Json, "title"));
        Assert.False(right.Json.TryGetProperty("token", out _));
    }

    [Fact]
    public async Task Token_UnknownAndKnownNames_GetTheSameAnswers_AndTheSamePause()
    {
        var known = await app.CreateUserAsync("t.token.same", Roles.Viewer, DemoUnits.Province);
        using var client = app.CreateClient(LodestarFactory.NoRedirects);
        var answers = new Dictionary<string, List<string>>();
        foreach (var name in new[] { known, "t.token.khong.co" })
        {
            answers[name] = [];
            for (var i = 0; i < 6; i++)
            {
                using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = name, password = $"Sai-Mat-Khau-{i}x" });
                var answer = await Api.ReadAsync(response);
                var retry = response.Headers.RetryAfter?.Delta?.TotalSeconds;
                answers[name].Add($"{(int)answer.Status} {Api.Str(answer.Json, "title")} {Api.Str(answer.Json, "detail")} retry:{retry is > 0 and <= 900}");
            }
        }

        Assert.True(answers[known].SequenceEqual(answers["t.token.khong.co"]), string.Join("\n", answers.SelectMany(a => a.Value)));
        Assert.Equal("401 Đăng nhập thất bại Tên đăng nhập hoặc mật khẩu không đúng. retry:False", answers[known][0]);
        Assert.StartsWith("429 Tạm dừng đăng nhập Có quá nhiều lần đăng nhập sai; hãy thử lại sau 15 phút. retry:True", answers[known][5], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_AccountLockedByAnAdministrator_SaysSoOnlyToTheRightPassword_AndEverySignInIsAudited()
    {
        var userName = await app.CreateUserAsync("t.token.admin.lock", Roles.Viewer, DemoUnits.Province);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var user = (await scope.ServiceProvider.GetRequiredService<UserManager<LodestarUser>>().FindByNameAsync(userName))!;
            Assert.True((await scope.ServiceProvider.GetRequiredService<AccountService>().UpdateAsync(user.Id, Roles.Viewer, DemoUnits.Province, locked: true)).Succeeded);
        }

        using var client = app.CreateClient(LodestarFactory.NoRedirects);
        var wrong = await PostTokenAsync(client, userName, "Sai-Mat-Khau-9x");
        var right = await PostTokenAsync(client, userName, LodestarFactory.UserPassword);

        Assert.Equal("Tên đăng nhập hoặc mật khẩu không đúng.", Api.Str(wrong.Json, "detail"));
        Assert.Equal(HttpStatusCode.Unauthorized, right.Status);
        Assert.Equal("Tài khoản đã bị quản trị viên khóa; hãy liên hệ Văn phòng chuyển đổi số.", Api.Str(right.Json, "detail"));
        var audit = await Api.GetOkAsync(await app.AdminClientAsync(), $"/api/v1/audit?entity=SignIn&pageSize=500");
        var actions = Api.Items(audit).Where(e => Api.Str(e, "user") == userName).Select(e => Api.Str(e, "action")).ToList();
        Assert.Contains("sign-in-failed", actions);
        Assert.Contains("sign-in-refused-locked", actions);
    }

    [Fact]
    public async Task Token_FourWrongPasswordsThenRight_Succeeds()
    {
        var userName = await app.CreateUserAsync("t.token.four", Roles.Viewer, DemoUnits.Province);
        using var client = app.CreateClient(LodestarFactory.NoRedirects);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await PostTokenAsync(client, userName, $"Sai-Mat-Khau-{i}x")).Status);
        }

        var right = await PostTokenAsync(client, userName, LodestarFactory.UserPassword);

        Assert.Equal(HttpStatusCode.OK, right.Status);
    }

    private static async Task<ApiAnswer> PostTokenAsync(HttpClient client, string userName, string password)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password });
        return await Api.ReadAsync(response);
    }
}
