using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.Components;

/// <summary>
/// Every field that asks for a unit, a person, a target or an account finds it by name (issue 23, "names, not codes"):
/// the input still posts what it holds (it works without JavaScript), and carries the search the script turns into a list.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class SearchFieldTests(LodestarFactory app)
{
    [Theory]
    [InlineData("/tasks/new", "owner", "Input.OwnerUnit", "Đơn vị chủ trì", "/api/v1/org-units?", false)]
    [InlineData("/tasks/new", "co", "Input.CoUnits", "Đơn vị phối hợp", "/api/v1/org-units?", true)]
    [InlineData("/tasks/new", "targets", "Input.Targets", "Chỉ tiêu liên quan", "/api/v1/targets?", true)]
    [InlineData("/tasks/new", "accountable", "Input.Accountable", "Người chịu trách nhiệm", "/api/v1/people?inPost=true&", false)]
    [InlineData("/dti/committee?year=2025&framework=LS-XA", "add-owns", "Add.Owns", "Phụ trách các chỉ số", "/api/v1/dti/indexes?", true)]
    [InlineData("/tasks", "orgUnit", "orgUnit", "Đơn vị", "/api/v1/org-units?", false)]
    [InlineData("/tasks", "accountable", "accountable", "Người chịu trách nhiệm", "/api/v1/people?", false)]
    [InlineData("/", "dash-unit", "orgUnit", "Đơn vị", "/api/v1/org-units?", false)]
    [InlineData("/targets/LS-05", "unit", "unit", "Đơn vị", "/api/v1/org-units?", false)]
    [InlineData("/reports", "unit", "unit", "Đơn vị", "/api/v1/org-units?", false)]
    [InlineData("/admin/accounts", "new-scope", "Create.Scope", "Đơn vị phạm vi", "/api/v1/org-units?", false)]
    [InlineData("/units/20", "person", "Appoint.Person", "Họ và tên", "/api/v1/people?", false)]
    [InlineData("/admin/audit", "user", "user", "Người thực hiện", "/api/v1/accounts?", false)]
    public async Task Field_OnEachPage_PostsWhatItHoldsAndCarriesTheNameSearch(string url, string id, string name, string label, string source, bool multiple)
    {
        var client = await app.SignInAsAdminAsync();

        var page = await Html.GetPageAsync(client, url);

        var input = page.QuerySelector($"input#{id}");
        Assert.NotNull(input);
        Assert.Equal(name, input.GetAttribute("name"));
        Assert.Equal($"{id}-options", input.GetAttribute("data-search"));
        Assert.StartsWith(source, input.GetAttribute("data-search-url"), StringComparison.Ordinal);
        Assert.Equal(multiple, input.HasAttribute("data-search-multiple"));
        Assert.NotNull(page.QuerySelector($"ul#{id}-options[role=listbox]"));
        Assert.Equal($"{id}-hint", input.GetAttribute("aria-describedby"));
        Assert.NotNull(page.QuerySelector($"#{id}-hint"));
        Assert.NotNull(page.QuerySelector("script[src='/js/search-field.js']"));
        var labelText = Html.Text(page.QuerySelector($"label[for={id}]")!);
        Assert.StartsWith(label, labelText, StringComparison.Ordinal);
        Assert.DoesNotContain("mã", labelText, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/units/20", "person", "Appoint.PersonUid", "uid")]
    [InlineData("/tasks/new", "accountable", "Input.AccountablePosition", "positionUid")]
    public async Task PersonFields_PostTheChosenPersonsKey_SoNamesakesAreNotMixedUp(string url, string id, string keyName, string key)
    {
        var page = await Html.GetPageAsync(await app.SignInAsAdminAsync(), url);

        var input = page.QuerySelector($"input#{id}")!;
        Assert.Equal(key, input.GetAttribute("data-search-key"));
        Assert.Equal($"{id}-key", input.GetAttribute("data-search-key-input"));
        var hidden = page.QuerySelector($"input#{id}-key")!;
        Assert.Equal(("hidden", keyName), (hidden.GetAttribute("type"), hidden.GetAttribute("name")));
    }

    [Fact]
    public async Task MeetingChair_IsAPersonFoundByName_AndKeepsTheRecordedName()
    {
        var admin = await app.AdminClientAsync();
        var meeting = Api.Items(await Api.GetOkAsync(admin, "/api/v1/meetings")).First();

        var page = await Html.GetPageAsync(await app.SignInAsAdminAsync(), $"/meetings/{Api.Str(meeting, "uid")}");

        var chair = page.QuerySelector("input#record-chair");
        Assert.NotNull(chair);
        Assert.Equal("Record.Chair", chair.GetAttribute("name"));
        Assert.StartsWith("/api/v1/people?", chair.GetAttribute("data-search-url"), StringComparison.Ordinal);
        Assert.Equal("Chủ trì", Html.Text(page.QuerySelector("label[for=record-chair]")!));
    }

    [Fact]
    public async Task TargetSearch_WithoutDiacritics_FindsTheTargetByName()
    {
        var client = await app.AdminClientAsync();

        var found = Api.Items(await Api.GetOkAsync(client, "/api/v1/targets?q=cua%20hang%20so")).Select(t => Api.Str(t, "code")).ToList();
        var byCode = Api.Items(await Api.GetOkAsync(client, "/api/v1/targets?q=ls-05")).Select(t => Api.Str(t, "code")).ToList();

        Assert.Contains("LS-05", found);
        Assert.DoesNotContain("LS-06", found);
        Assert.Equal(["LS-05"], byCode);
    }

    [Fact]
    public async Task AccountSearch_ByNameWithoutDiacritics_FindsTheAccountsTheCallerManages()
    {
        var client = await app.AdminClientAsync();
        await app.ClientForAsync(Lodestar.Accounts.Roles.Viewer, DemoUnits.Province); // an account named "Kiểm thử viewer"

        var found = Api.Items(await Api.GetOkAsync(client, "/api/v1/accounts?pageSize=100&q=quan%20tri")).Select(a => Api.Str(a, "userName")).ToList();
        var testers = Api.Items(await Api.GetOkAsync(client, "/api/v1/accounts?pageSize=100&q=kiem%20thu")).Select(a => Api.Str(a, "userName")).ToList();

        Assert.Contains("admin", found);
        Assert.DoesNotContain(LodestarFactory.UserNameFor(Lodestar.Accounts.Roles.Viewer, DemoUnits.Province), found);
        Assert.Contains(LodestarFactory.UserNameFor(Lodestar.Accounts.Roles.Viewer, DemoUnits.Province), testers);
        Assert.DoesNotContain("admin", testers);
    }
}
