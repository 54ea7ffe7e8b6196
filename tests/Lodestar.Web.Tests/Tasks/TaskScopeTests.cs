using System.Net;
using System.Net.Http.Json;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;

namespace Lodestar.Web.Tests.Tasks;

/// <summary>Issue 15, item 15: a new task's parent and co-operating units must lie in the creator's scope.</summary>
[Collection(SharedApp.Name)]
public sealed class TaskScopeTests(LodestarFactory app)
{
    [Fact]
    public async Task NewTask_WithAnotherProvincesParentOrCoUnit_IsRefused_AndTheParentIsNotRevealed()
    {
        var admin = await app.AdminClientAsync();
        var created = await ReadAsync(await admin.PostAsJsonAsync("/api/v1/tasks", new { title = "Nhiệm vụ riêng của Hà Nội", ownerUnit = DemoUnits.OtherProvince, deadline = "2030-12-31" }));
        Assert.True(created.Status == HttpStatusCode.Created, created.Describe());
        var foreign = Str(created["task"], "uid");
        var office = await Actors.ClientAsync(app, Actor.ProvinceOffice);

        var withParent = await ReadAsync(await office.PostAsJsonAsync("/api/v1/tasks", new { title = "Nhiệm vụ con", ownerUnit = DemoUnits.Province, deadline = "2030-06-30", parent = foreign }));
        var withCoUnit = await ReadAsync(await office.PostAsJsonAsync("/api/v1/tasks", new { title = "Phối hợp", ownerUnit = DemoUnits.Province, deadline = "2030-06-30", coUnits = new[] { DemoUnits.OtherProvince } }));

        Assert.True(withParent.Status == HttpStatusCode.BadRequest, withParent.Describe());
        Assert.True(withParent["errors"].TryGetProperty("parent", out _), withParent.Describe());
        Assert.DoesNotContain("Hà Nội", withParent.Text, StringComparison.Ordinal);
        Assert.True(withCoUnit.Status == HttpStatusCode.BadRequest, withCoUnit.Describe());
        Assert.True(withCoUnit["errors"].TryGetProperty("coUnits", out _), withCoUnit.Describe());
    }
}
