using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;

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
        var before = DateTimeOffset.UtcNow;

        var answer = await PostTokenAsync(client, "admin", LodestarFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var token = Api.Str(answer.Json, "token");
        Assert.False(string.IsNullOrWhiteSpace(token));
        var expiresAt = answer["expiresAt"].GetDateTimeOffset();
        Assert.InRange(expiresAt, before.AddHours(7), before.AddHours(9));

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
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        }

        var right = await PostTokenAsync(client, userName, LodestarFactory.UserPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, right.Status);
        Assert.Equal("Tài khoản bị khóa", Api.Str(right.Json, "title"));
        Assert.False(right.Json.TryGetProperty("token", out _));
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
