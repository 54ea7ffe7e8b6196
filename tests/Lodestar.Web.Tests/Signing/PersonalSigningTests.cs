using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Web.Tests.Common;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Signing;

/// <summary>
/// Issue 20 item 3 as a user meets it: with LODESTAR_SIGNING_PERSONAL on, a person keeps their own PKCS#12 on the page
/// /account/signing or through /api/v1/me/signing-certificate; a receipt of a report they approved is signed by them,
/// then by the organisation, and pdfsig names them; a bad file or password is refused and nothing is kept.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class PersonalSigningTests(LodestarFactory app)
{
    private static readonly TestPki Pki = TestPki.Instance;

    private const string Url = "/api/v1/me/signing-certificate";

    /// <summary>A second instance on the same database and data directory: the organisation's key, the test root and personal signatures on.</summary>
    private WebApplicationFactory<Program> Personal() => app.WithWebHostBuilder(b => b
        .UseSetting("LODESTAR_SIGNING_CERT", Pki.Signer)
        .UseSetting("LODESTAR_SIGNING_PASSWORD", TestPki.Password)
        .UseSetting("LODESTAR_SIGNING_TRUSTED_ROOTS", Pki.RootPem)
        .UseSetting("LODESTAR_SIGNING_PERSONAL", "true"));

    private static async Task<HttpClient> ClientAsync(WebApplicationFactory<Program> host, LodestarFactory app, string userName)
    {
        var client = host.CreateClient(LodestarFactory.NoRedirects);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await app.TokenAsync(userName, LodestarFactory.UserPassword));
        return client;
    }

    private static async Task<ApiAnswer> UploadAsync(HttpClient client, byte[] pkcs12, string password)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(pkcs12), "file", "chu-ky.p12" }, { new StringContent(password), "password" } };
        using var response = await client.PutAsync(new Uri(Url, UriKind.Relative), form);
        return await Api.ReadAsync(response);
    }

    /// <summary>pdfsig finds two valid signatures: the person's first, then the organisation's over it.</summary>
    private static async Task AssertPersonThenOrganisationAsync(string file)
    {
        var pdfsig = await TestPki.ToolAsync("pdfsig", file);
        var second = pdfsig.IndexOf("Signature #2:", StringComparison.Ordinal);
        Assert.True(second > 0, pdfsig);
        Assert.Contains($"Signer Certificate Common Name: {TestPki.PersonName}", pdfsig[..second], StringComparison.Ordinal);
        Assert.Contains($"Signer Certificate Common Name: {TestPki.SignerName}", pdfsig[second..], StringComparison.Ordinal);
        Assert.Equal(2, pdfsig.Split("Signature Validation: Signature is Valid.").Length - 1);
    }

    [Fact]
    public async Task Receipt_ApprovedByAPersonWithTheirOwnCertificate_IsSignedByThem_ThenByTheOrganisation()
    {
        await using var personal = Personal();
        var approver = await app.CreateUserAsync("ky.so.nguoi.duyet", Roles.DxOffice, DemoUnits.Province);
        using var client = await ClientAsync(personal, app, approver);
        var kept = await UploadAsync(client, await File.ReadAllBytesAsync(Pki.Person), TestPki.Password);
        Assert.True(kept.Status == HttpStatusCode.OK, kept.Describe());
        Assert.Contains($"CN={TestPki.PersonName}", Api.Str(kept.Json.GetProperty("certificate"), "subject"), StringComparison.Ordinal);
        Assert.DoesNotContain(TestPki.Password, kept.Json.GetRawText(), StringComparison.Ordinal);

        // A report the other tests do not pick: submitted by its officer, approved by the person with the certificate.
        var (unit, period) = (await DemoReports.EditableAsync(app))[^7];
        await DemoReports.SubmitAsync(app, unit, period);
        var url = $"/api/v1/reports/{DemoReports.Form}/{unit}/{period}";
        using (var approved = await client.PostAsJsonAsync($"{url}/decision", new { action = "Approve" }))
        {
            Assert.True(approved.IsSuccessStatusCode, (await Api.ReadAsync(approved)).Describe());
        }

        var pdf = await client.GetByteArrayAsync(new Uri($"{url}/receipt.pdf", UriKind.Relative));
        var file = Pki.PathOf($"receipt-personal-{unit}-{period}.pdf");
        await File.WriteAllBytesAsync(file, pdf);

        await AssertPersonThenOrganisationAsync(file);
        Assert.Contains("No syntax or stream encoding errors found", await TestPki.ToolAsync("qpdf", "--check", file), StringComparison.Ordinal);

        // The same receipt from an instance where personal signatures are off: the organisation alone, naming the approver.
        await using var organisationOnly = app.WithWebHostBuilder(b => b.UseSetting("LODESTAR_SIGNING_CERT", Pki.Signer).UseSetting("LODESTAR_SIGNING_PASSWORD", TestPki.Password));
        using var plain = await ClientAsync(organisationOnly, app, approver);
        var orgOnly = await plain.GetByteArrayAsync(new Uri($"{url}/receipt.pdf", UriKind.Relative));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(orgOnly), "file", "bien-nhan.pdf" } };
        using var verified = await plain.PostAsync(new Uri("/api/v1/signatures/verify", UriKind.Relative), form);
        var s = Assert.Single((await Api.ReadAsync(verified)).Json.GetProperty("signatures").EnumerateArray());
        Assert.Equal(TestPki.SignerName, Api.Str(s, "signer"));
        Assert.EndsWith($"người duyệt: Kiểm thử {Roles.DxOffice} ({approver})", Api.Str(s, "reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pack_IssuedByAPersonWithTheirOwnCertificate_CarriesTheirSignature_ThenTheOrganisations()
    {
        await using var personal = Personal();
        var chair = await app.CreateUserAsync("ky.so.nguoi.ban.hanh", Roles.DxOffice, DemoUnits.Province);
        using var client = await ClientAsync(personal, app, chair);
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(client, await File.ReadAllBytesAsync(Pki.Person), TestPki.Password)).Status);
        var today = Dates.Today(app.Clock);
        using var created = await client.PostAsJsonAsync("/api/v1/meetings", new { orgUnit = "20", quarter = $"{today.Year + 1}Q{((today.Month - 1) / 3) + 1}", meetsOn = today.AddYears(1).ToIso() });
        var uid = Api.Str((await Api.ReadAsync(created)).Json, "uid");
        using (var generated = await client.PostAsJsonAsync($"/api/v1/meetings/{uid}/pack", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        }

        using (var issued = await client.PostAsJsonAsync($"/api/v1/meetings/{uid}/pack/issue", new { number = "78" }))
        {
            Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        }

        var pdf = await client.GetByteArrayAsync(new Uri($"/api/v1/meetings/{uid}/pack.pdf", UriKind.Relative));
        var file = Pki.PathOf($"pack-personal-{uid}.pdf");
        await File.WriteAllBytesAsync(file, pdf);

        await AssertPersonThenOrganisationAsync(file);
        Assert.Equal(pdf, await client.GetByteArrayAsync(new Uri($"/api/v1/meetings/{uid}/pack.pdf", UriKind.Relative)));
    }

    [Fact]
    public async Task AccountPage_AWrongPasswordIsRefusedInVietnamese_ThenTheCertificateIsKept_Shown_AndRemoved()
    {
        await using var personal = Personal();
        var user = await app.CreateUserAsync("ky.so.trang.ca.nhan", Roles.Viewer, DemoUnits.Province);
        using var client = await LodestarFactory.SignInAsync(personal, user, LodestarFactory.UserPassword);
        var p12 = await File.ReadAllBytesAsync(Pki.Person);

        var page = await GetPageAsync(client, "/account/signing");
        Assert.NotNull(page.QuerySelector("#signing-none"));
        using (var wrong = await SubmitWithFilesAsync(client, FormNamed(page, "upload"), "/account/signing", new Dictionary<string, string> { ["Input.Password"] = "sai-mat-khau" }, "file", ("chu-ky.p12", "application/x-pkcs12", p12)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            var errors = (await ParseAsync(wrong)).QuerySelectorAll("[role=alert] li").Select(Text).ToList();
            Assert.Equal(["Sai mật khẩu của tệp PKCS#12: không mở được tệp."], errors);
        }

        Assert.Equal(JsonValueKind.Null, (await Api.GetOkAsync(await ClientAsync(personal, app, user), Url)).GetProperty("certificate").ValueKind);

        page = await GetPageAsync(client, "/account/signing");
        using (var kept = await SubmitWithFilesAsync(client, FormNamed(page, "upload"), "/account/signing", new Dictionary<string, string> { ["Input.Password"] = TestPki.Password }, "file", ("chu-ky.p12", "application/x-pkcs12", p12)))
        {
            Assert.Equal(HttpStatusCode.Redirect, kept.StatusCode);
        }

        page = await GetPageAsync(client, "/account/signing?saved=true");
        var shown = Text(page.QuerySelector("#signing-certificate")!);
        Assert.Contains(TestPki.PersonName, shown, StringComparison.Ordinal);
        Assert.Contains("01/01/2020 – 01/01/2040", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(TestPki.Password, page.DocumentElement.OuterHtml, StringComparison.Ordinal);

        using (var removed = await SubmitAsync(client, FormNamed(page, "remove"), "/account/signing", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        }

        Assert.NotNull((await GetPageAsync(client, "/account/signing?removed=true")).QuerySelector("#signing-none"));
        var audit = await Api.GetOkAsync(await app.AdminClientAsync(), "/api/v1/audit?entity=PersonalCertificate");
        Assert.Contains("delete", audit.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_ExpiredOrKeylessOrNotAPkcs12_AreRefusedOnTheirField_AndWhenOff_NothingIsKept()
    {
        await using var personal = Personal();
        var user = await app.CreateUserAsync("ky.so.api.ca.nhan", Roles.Viewer, DemoUnits.Province);
        using var client = await ClientAsync(personal, app, user);

        foreach (var (bytes, message) in new[]
        {
            (await File.ReadAllBytesAsync(Pki.Expired), "Chứng thư đã hết hạn ngày 01/01/2019."),
            (await File.ReadAllBytesAsync(Pki.KeyLess), "Tệp không chứa khóa bí mật (RSA hoặc ECDSA): chỉ có chứng thư thì không ký được."),
            ("không phải chứng thư"u8.ToArray(), "Tệp không phải chứng thư số PKCS#12 (.p12 hoặc .pfx, tối đa 64 kB)."),
        })
        {
            var refused = await UploadAsync(client, bytes, TestPki.Password);
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Equal(message, refused.Json.GetProperty("errors").GetProperty("file")[0].GetString());
        }

        // The shared app has personal signatures off: the upload is refused, saying which setting turns them on.
        using var off = await ClientAsync(app, app, user);
        var answer = await UploadAsync(off, await File.ReadAllBytesAsync(Pki.Person), TestPki.Password);
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("LODESTAR_SIGNING_PERSONAL", answer.Json.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        var none = await Api.GetOkAsync(client, Url);
        Assert.Equal(JsonValueKind.Null, none.GetProperty("certificate").ValueKind);
        using var delete = await client.DeleteAsync(new Uri(Url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }

    [Fact]
    public async Task Api_AKeyOnTheDeploymentsModule_AWrongPinIsRefusedOnPin_ThenTheRightOneIsKept_AndThePageOffersIt()
    {
        Assert.True(SoftHsm.Made());
        await using var host = app.WithWebHostBuilder(b => b
            .UseSetting("LODESTAR_SIGNING_PKCS11", SoftHsm.Library)
            .UseSetting("LODESTAR_SIGNING_PKCS11_PIN", SoftHsm.Pin)
            .UseSetting("LODESTAR_SIGNING_PKCS11_TOKEN", SoftHsm.Organisation)
            .UseSetting("LODESTAR_SIGNING_TRUSTED_ROOTS", Pki.RootPem)
            .UseSetting("LODESTAR_SIGNING_PERSONAL", "true"));
        var user = await app.CreateUserAsync("ky.so.thiet.bi", Roles.Viewer, DemoUnits.Province);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Lodestar.Data.LodestarDbContext>();
            var account = await db.Users.SingleAsync(u => u.UserName == user);
            account.FullName = TestPki.PersonName;
            await db.SaveChangesAsync();
        }

        using var client = await ClientAsync(host, app, user);

        using var wrong = await client.PutAsJsonAsync(Url, new { token = SoftHsm.Person, label = SoftHsm.Own, pin = "000000" });
        var refused = await Api.ReadAsync(wrong);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("Sai mã PIN của thiết bị ký.", refused.Json.GetProperty("errors").GetProperty("pin")[0].GetString());
        Assert.Equal(JsonValueKind.Null, (await Api.GetOkAsync(client, Url)).GetProperty("certificate").ValueKind);

        using var right = await client.PutAsJsonAsync(Url, new { token = SoftHsm.Person, label = SoftHsm.Own, pin = SoftHsm.PersonPin });
        var kept = await Api.ReadAsync(right);
        Assert.True(kept.Status == HttpStatusCode.OK, kept.Describe());
        Assert.Contains($"CN={TestPki.PersonName}", Api.Str(kept.Json.GetProperty("certificate"), "subject"), StringComparison.Ordinal);

        using var browser = await LodestarFactory.SignInAsync(host, user, LodestarFactory.UserPassword);
        var page = await GetPageAsync(browser, "/account/signing");
        Assert.NotNull(page.QuerySelector("#signing-token input[name='Token.Pin'][type=password]"));
        Assert.Contains(TestPki.PersonName, page.QuerySelector("#signing-certificate")!.TextContent, StringComparison.Ordinal);
    }
}
