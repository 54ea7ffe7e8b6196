using System.Net;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Web.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Work;

/// <summary>"Việc của tôi": what a signed-in account must do, by section, with an empty state; the home page of heads and officers.</summary>
[Collection(SharedApp.Name)]
public sealed class MyWorkPageTests(LodestarFactory app)
{
    private DateOnly Today => Dates.Today(app.Services.GetRequiredService<TimeProvider>());

    private async Task<string> TaskAsync(string unit, string title, DateOnly deadline) => await DemoTasks.AssignAsync(await app.AdminClientAsync(), unit, title, deadline.ToIso());

    [Fact]
    public async Task Head_SeesHisUnitsOverdueAndDueThisWeekTasks_ByName_InTheirSections()
    {
        var units = await app.DemoUnitsAsync();
        var late = await TaskAsync(units.OtherCommune, "Cập nhật cơ sở dữ liệu hộ nghèo", Today.AddDays(-3));
        var soon = await TaskAsync(units.OtherCommune, "Tập huấn kỹ năng số cho tổ công nghệ số", Today.AddDays(2));
        var later = await TaskAsync(units.OtherCommune, "Kế hoạch chuyển đổi số năm sau", Today.AddDays(60));
        using var head = await app.SignInAsync(await app.CreateUserAsync("truong.xa.viec.cua.toi", Roles.UnitHead, units.OtherCommune), LodestarFactory.UserPassword);

        var page = await GetPageAsync(head, "/my-work");

        Assert.Equal("Việc của tôi", Text(page.QuerySelector("h1")!));
        var overdue = page.QuerySelector("#work-overdue")!;
        var due = page.QuerySelector("#work-duethisweek")!;
        Assert.Contains(overdue.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/tasks/{late}" && Text(a) == "“Cập nhật cơ sở dữ liệu hộ nghèo”");
        Assert.Contains(due.QuerySelectorAll("li"), li => li.QuerySelector("a")?.GetAttribute("href") == $"/tasks/{soon}" && Text(li).EndsWith("hạn " + Today.AddDays(2).ToDisplay(), StringComparison.Ordinal));
        Assert.DoesNotContain(page.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/tasks/{later}");
        Assert.Null(page.QuerySelector("#work-empty"));
    }

    [Fact]
    public async Task UnitsBelow_TheirOverdueAndDueWork_ByUnitName_OnlyWithinTheAccountsSubtree()
    {
        var units = await app.DemoUnitsAsync();
        var admin = await app.AdminClientAsync();
        // A village of the first commune other than the one other tests keep free of work.
        var village = Api.Items(await Api.GetOkAsync(admin, $"/api/v1/org-units?parent={units.Commune}&level=village&pageSize=2")).Last();
        Assert.NotEqual(units.Village, Api.Str(village, "code"));
        var (villageCode, villageName) = (Api.Str(village, "code"), Api.Str(village, "fullName"));
        var otherName = Api.Str(await Api.GetOkAsync(admin, $"/api/v1/org-units/{units.OtherCommune}"), "fullName");
        var inVillage = await TaskAsync(villageCode, "Rà soát danh sách hộ dùng điện thoại thông minh", Today.AddDays(-5));
        var inOther = await TaskAsync(units.OtherCommune, "Lắp đặt điểm phát wifi công cộng ở nhà văn hóa", Today.AddDays(3));
        static bool Links(AngleSharp.Dom.IElement? group, string task) => group?.QuerySelectorAll("a").Any(a => a.GetAttribute("href") == $"/tasks/{task}") == true;

        // The province's head: the village's overdue task and the other commune's task due this week, each under its unit's name.
        using var province = await app.SignInAsync(await app.CreateUserAsync("lanhdao.tinh.viec.cap.duoi", Roles.UnitHead, DemoUnits.Province), LodestarFactory.UserPassword);
        var page = await GetPageAsync(province, "/my-work");
        Assert.StartsWith("Đơn vị cấp dưới: quá hạn và đến hạn trong 7 ngày tới", Text(page.GetElementById("work-below-title")!), StringComparison.Ordinal);
        var ofVillage = page.GetElementById($"below-{villageCode}");
        Assert.True(Links(ofVillage, inVillage));
        Assert.StartsWith(villageName, Text(ofVillage!.QuerySelector("summary")!), StringComparison.Ordinal);
        Assert.Contains($"quá hạn, hạn {Today.AddDays(-5).ToDisplay()}", Text(ofVillage), StringComparison.Ordinal);
        var ofOther = page.GetElementById($"below-{units.OtherCommune}");
        Assert.True(Links(ofOther, inOther));
        Assert.StartsWith(otherName, Text(ofOther!.QuerySelector("summary")!), StringComparison.Ordinal);

        // A commune's head: his village's task, never the sibling commune's.
        using var commune = await app.SignInAsync(await app.CreateUserAsync("truong.xa.viec.cap.duoi", Roles.UnitHead, units.Commune), LodestarFactory.UserPassword);
        var mine = await GetPageAsync(commune, "/my-work");
        Assert.True(Links(mine.GetElementById($"below-{villageCode}"), inVillage));
        Assert.Null(mine.GetElementById($"below-{units.OtherCommune}"));
        Assert.DoesNotContain(mine.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/tasks/{inOther}");

        using (await commune.GetAsync(new Uri("/lang/en?returnUrl=/my-work", UriKind.Relative)))
        {
        }

        var english = await GetPageAsync(commune, "/my-work");
        Assert.StartsWith("Units below: overdue and due within 7 days", Text(english.GetElementById("work-below-title")!), StringComparison.Ordinal);
        Assert.Contains("1 overdue", Text(english.GetElementById($"below-{villageCode}")!.QuerySelector("summary")!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingDue_SaysSo_InVietnameseAndEnglish_InsteadOfAnEmptyTable()
    {
        var units = await app.DemoUnitsAsync();
        using var head = await app.SignInAsync(await app.CreateUserAsync("truong.thon.khong.viec", Roles.UnitHead, units.Village), LodestarFactory.UserPassword);

        var page = await GetPageAsync(head, "/my-work");
        Assert.Equal("Không có việc nào đến hạn.", Text(page.QuerySelector("#work-empty")!));
        Assert.Empty(page.QuerySelectorAll("main table"));

        using (await head.GetAsync(new Uri("/lang/en?returnUrl=/my-work", UriKind.Relative)))
        {
        }

        Assert.Equal("Nothing due.", Text((await GetPageAsync(head, "/my-work")).QuerySelector("#work-empty")!));
    }

    [Theory]
    [InlineData(Roles.UnitHead, "/my-work")]
    [InlineData(Roles.ReportingOfficer, "/my-work")]
    [InlineData(Roles.DxOffice, "/")]
    public async Task SignIn_WithoutAReturnAddress_TakesHeadsAndOfficersToMyWork(string role, string home)
    {
        var units = await app.DemoUnitsAsync();
        var userName = await app.CreateUserAsync($"trang.dau.{role}", role, role == Roles.DxOffice ? DemoUnits.Province : units.Commune);
        using var client = app.CreatePageClient();
        var login = await GetPageAsync(client, "/login");

        using var response = await SubmitAsync(client, FormNamed(login, "login"), "/login",
            new Dictionary<string, string> { ["Input.UserName"] = userName, ["Input.Password"] = LodestarFactory.UserPassword });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(home, new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
    }
}
