using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Web.Tests.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Lodestar.Web.Tests.Common.Api;

namespace Lodestar.Web.Tests.Accounts;

/// <summary>
/// Issue 15: keys for other systems. Named, scoped, expiring, revocable at once, stored hashed, the secret shown once;
/// managed by administrators and by the DX office within its province; a key acts with its own role and scope.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class ApiKeysApiTests(LodestarFactory app)
{
    private async Task<string> InDaysAsync(int days)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return Dates.Today(scope.ServiceProvider.GetRequiredService<TimeProvider>()).AddDays(days).ToIso();
    }

    private HttpClient KeyClient(string key)
    {
        var client = app.CreateClient(LodestarFactory.NoRedirects);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<ApiAnswer> PostAsync(HttpClient client, string url, object body) => await ReadAsync(await client.PostAsJsonAsync(url, body));

    [Fact]
    public async Task AKey_ActsWithItsRoleAndScope_IsStoredHashed_AndEndsAtOnceWhenRevokedOrExpired()
    {
        var units = await app.DemoUnitsAsync();
        var admin = await app.AdminClientAsync();
        var created = await PostAsync(admin, "/api/v1/api-keys",
            new { name = "Cổng dữ liệu thôn", role = Roles.ReportingOfficer, scope = units.Village, expiresOn = await InDaysAsync(30) });
        Assert.True(created.Status == HttpStatusCode.Created, created.Describe());
        var key = Str(created.Json, "key");
        var id = created.Json.GetProperty("id").GetInt32();
        Assert.StartsWith("lsk_", key, StringComparison.Ordinal);

        // The secret is answered once: the list and the database hold only its hash, the audit trail not even that.
        var listed = Items(await GetOkAsync(admin, "/api/v1/api-keys")).Single(k => k.GetProperty("id").GetInt32() == id);
        Assert.Equal(("Cổng dữ liệu thôn", units.Village, false), (Str(listed, "name"), Str(listed, "scope"), listed.GetProperty("revoked").GetBoolean()));
        Assert.DoesNotContain(key, listed.ToString(), StringComparison.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
            var stored = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == id);
            Assert.NotEqual(key, stored.SecretHash);
            Assert.DoesNotContain(key[4..], stored.SecretHash, StringComparison.Ordinal);
            Assert.False(await db.AuditEntries.AnyAsync(a => a.Entity == nameof(ApiKey) && a.After != null && a.After.Contains(stored.SecretHash)));
        }

        // The key writes what its role may in its scope, named as itself; outside its scope it is refused.
        var client = KeyClient(key);
        var written = await PostAsync(client, "/api/v1/data-values", new { dataValues = new[] { new { dataElement = "HH_TOTAL", orgUnit = units.Village, period = "2026", value = 120 } } });
        Assert.True(written.Status == HttpStatusCode.OK, written.Describe());
        var value = Assert.Single(Items(await GetOkAsync(client, $"/api/v1/data-values?orgUnit={units.Village}&period=2026&dataElement=HH_TOTAL")));
        Assert.Equal("api-key:Cổng dữ liệu thôn", Str(value, "updatedBy"));
        Assert.False(value.GetProperty("approved").GetBoolean());
        var elsewhere = await PostAsync(client, "/api/v1/data-values", new { dataValues = new[] { new { dataElement = "HH_TOTAL", orgUnit = units.OtherCommune, period = "2026", value = 1 } } });
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.Status);

        // A key cannot make keys, even an administrator's.
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(client, "/api/v1/api-keys", new { name = "x", role = Roles.Viewer, scope = units.Village, expiresOn = await InDaysAsync(5) })).Status);

        // Revoked: the next request is 401; the key stays listed with who revoked it.
        using (var revoke = await admin.DeleteAsync(new Uri($"/api/v1/api-keys/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(client, "/api/v1/tasks?pageSize=1")).Status);
        var revoked = Items(await GetOkAsync(admin, "/api/v1/api-keys")).Single(k => k.GetProperty("id").GetInt32() == id);
        Assert.Equal((true, "admin"), (revoked.GetProperty("revoked").GetBoolean(), Str(revoked, "revokedBy")));

        // Expired: a key whose last day has passed is 401 too.
        var other = await PostAsync(admin, "/api/v1/api-keys", new { name = "Hết hạn", role = Roles.Viewer, scope = units.Village, expiresOn = await InDaysAsync(1) });
        var expiring = KeyClient(Str(other.Json, "key"));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(expiring, "/api/v1/tasks?pageSize=1")).Status);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
            var otherId = other.Json.GetProperty("id").GetInt32();
            await db.ApiKeys.Where(k => k.Id == otherId).ExecuteUpdateAsync(s => s.SetProperty(k => k.ExpiresOn, k => k.ExpiresOn.AddDays(-2)));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(expiring, "/api/v1/tasks?pageSize=1")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(KeyClient("lsk_" + new string('a', 44)), "/api/v1/tasks?pageSize=1")).Status);
    }

    [Fact]
    public async Task BadInput_NamesEveryField()
    {
        var admin = await app.AdminClientAsync();
        var answer = await PostAsync(admin, "/api/v1/api-keys", new { name = "<b>x</b>", role = "boss", scope = "20", expiresOn = "31/02/2027" });
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        var errors = answer.Json.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _) && errors.TryGetProperty("role", out _) && errors.TryGetProperty("expiresOn", out _), answer.Describe());
        var tooLong = await PostAsync(admin, "/api/v1/api-keys", new { name = "Kết nối", role = Roles.Viewer, scope = "20", expiresOn = await InDaysAsync(ApiKeyService.MaxDays + 1) });
        Assert.True(tooLong.Json.GetProperty("errors").TryGetProperty("expiresOn", out _), tooLong.Describe());
    }

    [Fact]
    public async Task TheDxOffice_ManagesKeysOfItsProvinceOnly_NeverAnAdministrators()
    {
        var units = await app.DemoUnitsAsync();
        var foreign = await app.OtherProvinceCommuneAsync();
        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        var mine = await PostAsync(office, "/api/v1/api-keys", new { name = "Một cửa xã", role = Roles.ReportingOfficer, scope = units.Commune, expiresOn = await InDaysAsync(90) });
        Assert.True(mine.Status == HttpStatusCode.Created, mine.Describe());

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(office, "/api/v1/api-keys", new { name = "Hà Nội", role = Roles.Viewer, scope = foreign, expiresOn = await InDaysAsync(90) })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(office, "/api/v1/api-keys", new { name = "Quản trị", role = Roles.Admin, scope = (string?)null, expiresOn = await InDaysAsync(90) })).Status);

        var theirs = await PostAsync(await app.AdminClientAsync(), "/api/v1/api-keys", new { name = "Cổng Hà Nội", role = Roles.Viewer, scope = foreign, expiresOn = await InDaysAsync(90) });
        var theirsId = theirs.Json.GetProperty("id").GetInt32();
        var listed = Items(await GetOkAsync(office, "/api/v1/api-keys")).Select(k => k.GetProperty("id").GetInt32()).ToList();
        Assert.Contains(mine.Json.GetProperty("id").GetInt32(), listed);
        Assert.DoesNotContain(theirsId, listed);
        using var revoke = await office.DeleteAsync(new Uri($"/api/v1/api-keys/{theirsId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);

        var officer = await app.ClientForAsync(Roles.ReportingOfficer, units.Commune);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(officer, "/api/v1/api-keys")).Status);
    }
}
