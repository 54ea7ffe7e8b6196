using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lodestar.Accounts;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Notifications;

/// <summary>Each user chooses per kind how notices reach him, on the page /account/notifications and through /api/v1/me/notification-preferences.</summary>
[Collection(SharedApp.Name)]
public sealed class NotificationPreferencesTests(LodestarFactory app)
{
    private const string Url = "/api/v1/me/notification-preferences";

    private static Dictionary<string, string> Deliveries(JsonElement page) =>
        Api.Items(page).ToDictionary(i => Api.Str(i, "kind"), i => Api.Str(i, "delivery"));

    private async Task<HttpClient> NewUserAsync(string name, string role)
    {
        var user = await app.CreateUserAsync(name, role, DemoUnits.Province);
        var client = app.CreateClient(LodestarFactory.NoRedirects);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await app.TokenAsync(user, LodestarFactory.UserPassword));
        return client;
    }

    private static async Task<ApiAnswer> PutAsync(HttpClient client, object body, string language = "vi")
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(Url, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await client.SendAsync(request);
        return await Api.ReadAsync(response);
    }

    [Fact]
    public async Task Get_ANewAccount_HasEveryKindWithItsDefault_NamedInTheRequestsLanguage()
    {
        using var client = await NewUserAsync("tb.macdinh", Roles.DxOffice);

        var page = await Api.GetOkAsync(client, Url);

        Assert.Equal(10, page.GetProperty("total").GetInt32());
        Assert.Equal(new Dictionary<string, string>
        {
            ["report-returned"] = "email", ["report-approved"] = "in-app", ["report-arrived"] = "daily-summary", ["task-done"] = "email",
            ["reminder"] = "email", ["overdue"] = "daily-summary", ["escalation"] = "daily-summary", ["weekly-digest"] = "email",
            ["connector-failed"] = "email", ["reorganisation"] = "email",
        }, Deliveries(page));
        Assert.All(Api.Items(page), i => Assert.Equal(Api.Str(i, "default"), Api.Str(i, "delivery")));
        Assert.Equal("Báo cáo bị trả lại", Api.Str(Api.Items(page).First(), "name"));
        Assert.Equal("Report returned", Api.Str(Api.Items(await Api.GetOkAsync(client, Url, "en")).First(), "name"));
    }

    [Fact]
    public async Task Put_ChangesTheKindsNamed_KeepsTheOthers_AndBackToTheDefault()
    {
        using var client = await NewUserAsync("tb.doi", Roles.ReportingOfficer);

        var changed = await PutAsync(client, new { items = new[] { new { kind = "report-approved", delivery = "email" }, new { kind = "overdue", delivery = "in-app" } } });

        Assert.True(changed.Status == HttpStatusCode.OK, changed.Describe());
        var now = Deliveries(await Api.GetOkAsync(client, Url));
        Assert.Equal(("email", "in-app", "email"), (now["report-approved"], now["overdue"], now["report-returned"]));

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(client, new { items = new[] { new { kind = "overdue", delivery = "daily-summary" } } })).Status);
        Assert.Equal(("email", "daily-summary"), (Deliveries(await Api.GetOkAsync(client, Url))["report-approved"], Deliveries(await Api.GetOkAsync(client, Url))["overdue"]));
    }

    [Fact]
    public async Task Put_ABadKindOrChoice_Is400NamingTheItem_InVietnameseOrEnglish_AndChangesNothing()
    {
        using var client = await NewUserAsync("tb.sai", Roles.ReportingOfficer);
        var body = new { items = new[] { new { kind = "report-approved", delivery = "email" }, new { kind = "sms", delivery = "email" }, new { kind = "overdue", delivery = "weekly" } } };

        var vi = await PutAsync(client, body);
        var en = await PutAsync(client, body, "en");

        Assert.True(vi.Status == HttpStatusCode.BadRequest, vi.Describe());
        var errors = vi["errors"];
        Assert.Equal("Không có loại thông báo 'sms'; các loại: report-returned, report-approved, report-arrived, task-done, reminder, overdue, escalation, weekly-digest, connector-failed, reorganisation.",
            errors.GetProperty("items[1].kind")[0].GetString());
        Assert.Equal("Cách nhận 'weekly' không hợp lệ; chọn một trong: in-app, email, daily-summary.", errors.GetProperty("items[2].delivery")[0].GetString());
        Assert.Equal("'weekly' is no way to receive notices; choose one of: in-app, email, daily-summary.", en["errors"].GetProperty("items[2].delivery")[0].GetString());
        Assert.StartsWith("There is no notification kind 'sms'", en["errors"].GetProperty("items[1].kind")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("in-app", Deliveries(await Api.GetOkAsync(client, Url))["report-approved"]);

        var twice = await PutAsync(client, new { items = new[] { new { kind = "overdue", delivery = "email" }, new { kind = "overdue", delivery = "in-app" } } });
        Assert.Equal("Loại thông báo 'overdue' được chọn hai lần.", twice["errors"].GetProperty("items[1].kind")[0].GetString());
    }

    [Fact]
    public async Task AnApiKey_IsNoPerson_AndGets403()
    {
        var created = await Api.ReadAsync(await (await app.AdminClientAsync()).PostAsJsonAsync("/api/v1/api-keys",
            new { name = "Hệ thống khác", role = Roles.Viewer, scope = DemoUnits.Province, expiresOn = app.InDays(30) }));
        Assert.True(created.Status == HttpStatusCode.Created, created.Describe());
        using var key = app.CreateClient(LodestarFactory.NoRedirects);
        key.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Api.Str(created.Json, "key"));

        var answer = await Api.GetAsync(key, Url);

        Assert.True(answer.Status == HttpStatusCode.Forbidden, answer.Describe());
        Assert.Equal("Khóa API không nhận thông báo; hãy dùng tài khoản người dùng.", Api.Str(answer.Json, "detail"));
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(key, new { items = Array.Empty<object>() })).Status);
    }

    [Fact]
    public async Task Page_ShowsTheChoices_AndAPostedFormSavesThem()
    {
        var user = await app.CreateUserAsync("tb.trang", Roles.UnitHead, DemoUnits.Province);
        using var client = await app.SignInAsync(user, LodestarFactory.UserPassword);

        var page = await GetPageAsync(client, "/account/notifications");
        Assert.Equal("Cách nhận thông báo", Text(page.QuerySelector("h1")!));
        Assert.NotNull(page.QuerySelector("#no-email"));
        Assert.Equal("Báo cáo bị trả lại", Text(page.QuerySelector("#kind-report-returned legend")!));
        Assert.True(((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#report-returned-email")!).IsChecked);
        Assert.Equal("Gửi e-mail ngay (mặc định)", Text(page.QuerySelector("label[for=report-returned-email]")!));
        Assert.True(((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#overdue-daily-summary")!).IsChecked);

        using var saved = await SubmitAsync(client, FormNamed(page, "preferences"), "/account/notifications", new Dictionary<string, string> { ["k.overdue"] = "email" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.EndsWith("/account/notifications?saved=true", saved.Headers.Location?.OriginalString, StringComparison.Ordinal);

        var after = await GetPageAsync(client, "/account/notifications?saved=true");
        Assert.True(((AngleSharp.Html.Dom.IHtmlInputElement)after.QuerySelector("#overdue-email")!).IsChecked);
        Assert.True(((AngleSharp.Html.Dom.IHtmlInputElement)after.QuerySelector("#report-returned-email")!).IsChecked);
        Assert.NotNull(after.QuerySelector("p.ok[role=status]"));
    }
}
