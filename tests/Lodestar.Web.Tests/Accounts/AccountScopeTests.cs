using System.Net;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static Lodestar.Web.Tests.Common.Api;

namespace Lodestar.Web.Tests.Accounts;

/// <summary>Issue 15, item 2: only administrators are national; an account without a scope is never given one by default.</summary>
[Collection(SharedApp.Name)]
public sealed class AccountScopeTests(LodestarFactory app)
{
    [Theory]
    [InlineData(Roles.DxOffice)]
    [InlineData(Roles.Viewer)]
    public async Task CreateAccount_WithoutScope_IsRefusedForEveryoneButAdministrators(string role)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();

        var outcome = await accounts.CreateAsync(new NewAccount($"khong.pham.vi.{role}", "Không phạm vi", null, role, null, LodestarFactory.UserPassword));

        Assert.False(outcome.Succeeded);
        Assert.Contains(outcome.Problems, p => p.Field == "scope" && p.Message.En.Contains("only administrators cover the whole country", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AccountWithoutScope_MadeOutsideTheApp_SeesNothing()
    {
        // As an account made before scopes were required (or by hand in the database) would be.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<LodestarUser>>();
            var user = new LodestarUser { UserName = "cu.khong.pham.vi", FullName = "Tài khoản cũ" };
            Assert.True((await users.CreateAsync(user, LodestarFactory.UserPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.DxOffice)).Succeeded);
        }

        using var client = app.CreateClient(LodestarFactory.NoRedirects);
        client.DefaultRequestHeaders.Authorization = new("Bearer", await app.TokenAsync("cu.khong.pham.vi", LodestarFactory.UserPassword));

        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(client, $"/api/v1/org-units/{DemoUnits.Province}")).Status);
        Assert.Equal(0, (await GetOkAsync(client, "/api/v1/tasks")).GetProperty("total").GetInt32());
        Assert.Empty((await GetOkAsync(client, "/api/v1/dti/LS-XA/2025/ranking")).EnumerateArray());
    }
}
