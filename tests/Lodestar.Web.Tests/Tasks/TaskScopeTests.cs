using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;

namespace Lodestar.Web.Tests.Tasks;

/// <summary>Issue 15, item 15: a task's parent and co-operating units are scope-checked, so another province's task title does not leak.</summary>
[Collection(SharedApp.Name)]
public sealed class TaskScopeTests(LodestarFactory app)
{
    private async Task<string> CreateAsync(object task)
    {
        var created = await ReadAsync(await (await app.AdminClientAsync()).PostAsJsonAsync("/api/v1/tasks", task));
        Assert.True(created.Status == HttpStatusCode.Created, created.Describe());
        return Str(created["task"], "uid");
    }

    private Task<string> ForeignTaskAsync() =>
        CreateAsync(new { title = "Nhiệm vụ riêng của Hà Nội", ownerUnit = DemoUnits.OtherProvince, deadline = "2030-12-31" });

    [Fact]
    public async Task NewTask_WithAnotherProvincesParentOrCoUnit_IsRefused_AndTheParentIsNotRevealed()
    {
        var foreign = await ForeignTaskAsync();
        var office = await Actors.ClientAsync(app, Actor.ProvinceOffice);

        var withParent = await ReadAsync(await office.PostAsJsonAsync("/api/v1/tasks", new { title = "Nhiệm vụ con", ownerUnit = DemoUnits.Province, deadline = "2030-06-30", parent = foreign }));
        var withCoUnit = await ReadAsync(await office.PostAsJsonAsync("/api/v1/tasks", new { title = "Phối hợp", ownerUnit = DemoUnits.Province, deadline = "2030-06-30", coUnits = new[] { DemoUnits.OtherProvince } }));

        Assert.True(withParent.Status == HttpStatusCode.BadRequest, withParent.Describe());
        Assert.True(withParent["errors"].TryGetProperty("parent", out _), withParent.Describe());
        Assert.DoesNotContain("Hà Nội", withParent.Text, StringComparison.Ordinal);
        Assert.True(withCoUnit.Status == HttpStatusCode.BadRequest, withCoUnit.Describe());
        Assert.True(withCoUnit["errors"].TryGetProperty("coUnits", out _), withCoUnit.Describe());
    }

    [Fact]
    public async Task Task_WithAParentOutsideTheReadersScope_ShowsNeitherItsTitleNorItsUid()
    {
        // An administrator (national) may link tasks across provinces; a reader of one province still sees only his own.
        var foreign = await ForeignTaskAsync();
        var child = await CreateAsync(new { title = "Việc của Lạng Sơn", ownerUnit = DemoUnits.Province, deadline = "2030-06-30", parent = foreign });
        var office = await Actors.ClientAsync(app, Actor.ProvinceOffice);

        var seen = await GetOkAsync(office, $"/api/v1/tasks/{child}");
        var byAdmin = await GetOkAsync(await app.AdminClientAsync(), $"/api/v1/tasks/{child}");

        Assert.Equal(JsonValueKind.Null, seen.GetProperty("parentTitle").ValueKind);
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("task").GetProperty("parentUid").ValueKind);
        Assert.Equal("Nhiệm vụ riêng của Hà Nội", Str(byAdmin, "parentTitle"));
        using var page = await Actors.PageClientAsync(app, Actor.ProvinceOffice);
        Assert.DoesNotContain("Nhiệm vụ riêng của Hà Nội", (await Html.GetPageAsync(page, $"/tasks/{child}")).Body!.TextContent, StringComparison.Ordinal);
    }
}
