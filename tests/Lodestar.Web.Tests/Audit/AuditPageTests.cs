using Lodestar.Common;
using Lodestar.Data;
using Lodestar.People;
using Lodestar.Web.Audit;
using Lodestar.Web.Tests.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestar.Web.Tests.Audit;

/// <summary>The audit page names what changed in the reader's language, the internal type and the key beside it.</summary>
[Collection(SharedApp.Name)]
public sealed class AuditPageTests(LodestarFactory app)
{
    [Fact]
    public async Task Entity_IsShownByItsVietnameseName_OrEnglishInEnglish_WithTheKey()
    {
        var term = await AppointAsync("Trần Thị Nhật Ký");
        using var client = await app.SignInAsAdminAsync();

        var page = await Html.GetPageAsync(client, "/admin/audit?entity=PositionTerm");
        var row = RowOf(page, term);
        using (await client.GetAsync(new Uri("/lang/en?returnUrl=/", UriKind.Relative)))
        {
        }

        var english = await Html.GetPageAsync(client, "/admin/audit?entity=PositionTerm");

        Assert.Equal("Bổ nhiệm chức vụ PositionTerm", Html.Text(row.QuerySelectorAll("td")[3]));
        Assert.Equal("PositionTerm", Html.Text(row.QuerySelector("td small.code")!));
        Assert.Equal("Term in a position PositionTerm", Html.Text(RowOf(english, term).QuerySelectorAll("td")[3]));
        var chosen = page.QuerySelector("select#entity option[selected]");
        Assert.Equal("PositionTerm", chosen!.GetAttribute("value"));
        Assert.Equal("Bổ nhiệm chức vụ", Html.Text(chosen));
    }

    [Fact]
    public void EveryEntityOfTheModel_HasAName()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();

        var unnamed = db.Model.GetEntityTypes().Select(e => e.ClrType.Name.Split('`')[0]).Distinct()
            .Where(n => AuditNames.Of(n) == n).Order(StringComparer.Ordinal).ToList();

        Assert.True(unnamed.Count == 0, "Entities without a name on the audit page (add them to Audit/AuditNames.cs): " + string.Join(", ", unnamed));
    }

    private static AngleSharp.Dom.IElement RowOf(AngleSharp.Html.Dom.IHtmlDocument page, string key) =>
        Assert.Single(page.QuerySelectorAll("table.audit tbody tr"), r => Html.Text(r.QuerySelectorAll("td")[4]) == key);

    /// <summary>Appoints the person to the province's head post through the service; answers the new term's uid (the audit key).</summary>
    private async Task<string> AppointAsync(string person)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
        var province = await db.OrgUnits.Where(u => u.Code == DemoUnits.Province).Select(u => u.Id).FirstAsync();
        var people = scope.ServiceProvider.GetRequiredService<PeopleService>();
        var position = await people.AddPositionAsync(province, "Phó Chủ tịch (nhật ký kiểm thử)", null, isHead: false);
        var term = await people.AppointAsync(position.Value!.Id, person, Dates.Today(app.Clock).AddDays(-10), null);
        Assert.True(term.Succeeded, string.Join(" ", term.Problems.Select(p => p.Message.En)));
        return term.Value!.Uid;
    }
}
