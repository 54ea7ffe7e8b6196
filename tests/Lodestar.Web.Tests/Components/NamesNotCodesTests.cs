using Lodestar.Web.Tests.Common;

namespace Lodestar.Web.Tests.Components;

/// <summary>Names, not codes: breadcrumbs and DTI column headers show the name, the code secondary in a small.code.</summary>
[Collection(SharedApp.Name)]
public sealed class NamesNotCodesTests(LodestarFactory app)
{
    [Fact]
    public async Task TargetPage_Breadcrumbs_NameTheProgrammeAndTheTargetWithItsCodeSecondary()
    {
        var page = await Html.GetPageAsync(await app.SignInAsAdminAsync(), "/targets/LS-05");

        var crumbs = page.QuerySelector(".crumbs")!;
        var programme = Html.Text(crumbs.QuerySelector("a[href^='/programmes/']")!);
        Assert.DoesNotMatch("^[A-Z0-9.-]+$", programme);
        Assert.Equal("LS-05", Html.Text(crumbs.QuerySelector("small.code")!));
        Assert.StartsWith(Html.Text(page.QuerySelector("h1")!), Html.Text(crumbs).Split(" › ")[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DtiPage_ColumnsOfTheMainIndexes_ShowNamesWithCodes()
    {
        var page = await Html.GetPageAsync(await app.SignInAsAdminAsync(), "/dti");

        var headers = page.QuerySelectorAll("thead th.num").Where(th => th.QuerySelector("small.code") is not null).ToList();
        Assert.NotEmpty(headers);
        Assert.All(headers, th => Assert.True(Html.Text(th).Length > Html.Text(th.QuerySelector("small.code")!).Length + 3, Html.Text(th)));
    }
}
