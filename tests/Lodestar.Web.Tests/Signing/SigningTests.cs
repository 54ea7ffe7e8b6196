using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lodestar.Common;
using Lodestar.Web.Tests.Common;
using Microsoft.AspNetCore.Mvc.Testing;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Signing;

/// <summary>
/// Issue 20 as a user meets it: with the organisation's PKCS#12 configured, an issued pack downloads signed (the same
/// bytes every time) and passes pdfsig and qpdf; the verification API and page say who signed, whether the file is intact
/// and trusted; a changed byte is caught.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class SigningTests(LodestarFactory app)
{
    private static readonly TestPki Pki = TestPki.Instance;

    /// <summary>A second instance on the same database and data directory, with the organisation's key and the test root.</summary>
    private WebApplicationFactory<Program> Signing() => app.WithWebHostBuilder(b => b
        .UseSetting("LODESTAR_SIGNING_CERT", Pki.Signer)
        .UseSetting("LODESTAR_SIGNING_PASSWORD", TestPki.Password)
        .UseSetting("LODESTAR_SIGNING_TRUSTED_ROOTS", Pki.RootPem));

    private async Task<string> IssuedPackAsync(HttpClient admin, string number)
    {
        var today = Dates.Today(app.Clock);
        using var created = await admin.PostAsJsonAsync("/api/v1/meetings", new { orgUnit = "20", quarter = $"{today.Year + 1}Q{((today.Month - 1) / 3) + 1}", meetsOn = today.AddYears(1).ToIso() });
        var uid = Api.Str((await Api.ReadAsync(created)).Json, "uid");
        using var generated = await admin.PostAsJsonAsync($"/api/v1/meetings/{uid}/pack", new { });
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        using var issued = await admin.PostAsJsonAsync($"/api/v1/meetings/{uid}/pack/issue", new { number });
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        return uid;
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient client, byte[] pdf)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "bao-cao.pdf" } };
        using var response = await client.PostAsync(new Uri("/api/v1/signatures/verify", UriKind.Relative), form);
        var answer = await Api.ReadAsync(response);
        Assert.True(answer.Status == HttpStatusCode.OK, answer.Describe());
        return answer.Json;
    }

    /// <summary>A client of the signing host with the admin's token (the caller disposes it), and a pack issued under the number, signed at its download.</summary>
    private async Task<(HttpClient Api, byte[] Pdf)> SignedPackAsync(WebApplicationFactory<Program> signing, string number)
    {
        var admin = await app.AdminClientAsync();
        var api = signing.CreateClient(LodestarFactory.NoRedirects);
        api.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;
        return (api, await api.GetByteArrayAsync(new Uri($"/api/v1/meetings/{await IssuedPackAsync(admin, number)}/pack.pdf", UriKind.Relative)));
    }

    /// <summary>Posts a PDF to the page /signatures/verify as its form does; the answer must be 200.</summary>
    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> VerifyPageAsync(HttpClient client, byte[] pdf, string fileName)
    {
        var form = FormNamed(await GetPageAsync(client, "/signatures/verify"), "verify");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
            { new StringContent("verify"), "_handler" },
            { new StringContent("1"), "Input.Sent" },
            { new ByteArrayContent(pdf), "file", fileName },
        };
        using var response = await client.PostAsync(new Uri("/signatures/verify", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ParseAsync(response);
    }

    private static async Task<string> DocxTextAsync(HttpClient client, string uid)
    {
        using var copy = new MemoryStream(await client.GetByteArrayAsync(new Uri($"/api/v1/meetings/{uid}/pack.docx", UriKind.Relative)));
        using var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(copy, false);
        return word.MainDocumentPart!.Document!.Body!.InnerText;
    }

    [Fact]
    public async Task IssuedPack_WithAKeyConfigured_IsSignedOnce_PassesPdfsigAndQpdf_AndTheApiVerifiesIt()
    {
        await using var signing = Signing();
        var admin = await app.AdminClientAsync();
        using var client = signing.CreateClient(LodestarFactory.NoRedirects);
        client.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;
        var uid = await IssuedPackAsync(admin, "71");

        var first = await client.GetByteArrayAsync(new Uri($"/api/v1/meetings/{uid}/pack.pdf", UriKind.Relative));
        var second = await client.GetByteArrayAsync(new Uri($"/api/v1/meetings/{uid}/pack.pdf", UriKind.Relative));
        var file = Pki.PathOf($"pack-{uid}.pdf");
        await File.WriteAllBytesAsync(file, first);

        Assert.Equal(first, second);
        var pdfsig = await TestPki.ToolAsync("pdfsig", file);
        Assert.Contains("Signature Validation: Signature is Valid.", pdfsig, StringComparison.Ordinal);
        Assert.Contains($"Signer Certificate Common Name: {TestPki.SignerName}", pdfsig, StringComparison.Ordinal);
        Assert.Contains("No syntax or stream encoding errors found", await TestPki.ToolAsync("qpdf", "--check", file), StringComparison.Ordinal);

        var report = await VerifyAsync(client, first);
        Assert.True(report.GetProperty("signed").GetBoolean());
        var s = Assert.Single(report.GetProperty("signatures").EnumerateArray());
        Assert.Equal((TestPki.SignerName, TestPki.Organisation), (Api.Str(s, "signer"), Api.Str(s, "organisation")));
        Assert.Equal((true, true, true), (s.GetProperty("intact").GetBoolean(), s.GetProperty("certificateValid").GetBoolean(), s.GetProperty("trusted").GetBoolean()));
        Assert.StartsWith("Ban hành báo cáo số 71/BC-BCĐ; người ban hành: ", Api.Str(s, "reason"), StringComparison.Ordinal);
        Assert.NotEqual("", Api.Str(s, "signedAt"));

        // The .docx of the signed pack says that the signed original is the PDF.
        Assert.Contains(Lodestar.Steering.PackDocument.SignedOriginal, await DocxTextAsync(client, uid), StringComparison.Ordinal);

        // An instance without the key serves the signed file kept in the data directory; a pack issued there is not signed.
        Assert.Equal(first, await admin.GetByteArrayAsync(new Uri($"/api/v1/meetings/{uid}/pack.pdf", UriKind.Relative)));
        var plainUid = await IssuedPackAsync(admin, "74");
        var plain = await admin.GetByteArrayAsync(new Uri($"/api/v1/meetings/{plainUid}/pack.pdf", UriKind.Relative));
        Assert.False((await VerifyAsync(admin, plain)).GetProperty("signed").GetBoolean());
        Assert.DoesNotContain(Lodestar.Steering.PackDocument.SignedOriginal, await DocxTextAsync(admin, plainUid), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AByteChangedInASignedPack_IsReportedAltered()
    {
        await using var signing = Signing();
        var admin = await app.AdminClientAsync();
        using var client = signing.CreateClient(LodestarFactory.NoRedirects);
        client.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;
        var uid = await IssuedPackAsync(admin, "72");
        var pdf = await client.GetByteArrayAsync(new Uri($"/api/v1/meetings/{uid}/pack.pdf", UriKind.Relative));
        var at = Encoding.Latin1.GetString(pdf).IndexOf("/Producer (Lodestar)", StringComparison.Ordinal) + "/Producer (".Length;
        pdf[at] = (byte)'X';

        var s = Assert.Single((await VerifyAsync(client, pdf)).GetProperty("signatures").EnumerateArray());

        Assert.False(s.GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task Verify_SomethingThatIsNotAPdf_IsRefusedOnTheFileField()
    {
        var admin = await app.AdminClientAsync();
        using var form = new MultipartFormDataContent { { new ByteArrayContent("không phải PDF"u8.ToArray()), "file", "a.pdf" } };

        using var response = await admin.PostAsync(new Uri("/api/v1/signatures/verify", UriKind.Relative), form);
        var answer = await Api.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.True(answer.Json.GetProperty("errors").TryGetProperty("file", out _), answer.Describe());
    }

    [Fact]
    public async Task VerifyPage_ASignedPack_ShowsSignerOrganisationAndVerdicts_InVietnamese()
    {
        await using var signing = Signing();
        var (api, pdf) = await SignedPackAsync(signing, "73");
        api.Dispose();
        using var client = await LodestarFactory.SignInAsync(signing, "admin", LodestarFactory.AdminPassword);

        var result = await VerifyPageAsync(client, pdf, "bao-cao-73.pdf");

        var row = result.QuerySelectorAll("#verify-signatures tbody tr").Single();
        var cells = row.QuerySelectorAll("td").Select(Text).ToList();
        Assert.Equal([TestPki.SignerName, TestPki.Organisation], cells.Take(2));
        Assert.Equal(["Còn nguyên vẹn", "Có", "Có"], cells.Skip(3).Take(3));
        Assert.StartsWith("Ban hành báo cáo số 73/BC-BCĐ", cells[6], StringComparison.Ordinal);
    }

    private static readonly string[] VerdictFlags = ["intact", "coversWholeDocument", "validationDataAdded", "revocationChecked", "revoked", "certificateValid", "trusted"];

    [Fact]
    public async Task Verify_APackWithValidationDataRevokingTheSigner_SaysCoveredAndRevoked_ApiAndPage()
    {
        await using var signing = Signing();
        var (api, signed) = await SignedPackAsync(signing, "79");
        using var disposed = api;
        var pdf = Pki.WithValidationData(signed, Pki.SignerCrl(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        var s = Assert.Single((await VerifyAsync(api, pdf)).GetProperty("signatures").EnumerateArray());
        var verdict = VerdictFlags.Select(p => s.GetProperty(p).GetBoolean());
        Assert.Equal([true, true, true, true, true, false, true], verdict);

        using var client = await LodestarFactory.SignInAsync(signing, "admin", LodestarFactory.AdminPassword);
        var cells = (await VerifyPageAsync(client, pdf, "bao-cao-79.pdf")).QuerySelectorAll("#verify-signatures tbody tr td").Select(Text).ToList();
        Assert.Equal(["Còn nguyên vẹn; các lần cập nhật sau chỉ thêm dữ liệu kiểm tra hiệu lực", "Không (đã bị thu hồi trước khi ký)", "Có"], cells.Skip(3).Take(3));
    }

    [Fact]
    public async Task Receipt_OfAnApprovedReport_IsSigned_NamesTheApprover_AndPassesPdfsig()
    {
        await using var signing = Signing();
        var (unit, period) = (await DemoReports.EditableAsync(app))[^5];
        var url = $"/api/v1/reports/{DemoReports.Form}/{unit}/{period}/receipt.pdf";
        var admin = await app.AdminClientAsync();
        using var client = signing.CreateClient(LodestarFactory.NoRedirects);
        client.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;

        using var early = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);

        await DemoReports.SubmitAndApproveAsync(app, unit, period);
        var pdf = await client.GetByteArrayAsync(new Uri(url, UriKind.Relative));
        var file = Pki.PathOf($"receipt-{unit}-{period}.pdf");
        await File.WriteAllBytesAsync(file, pdf);

        var pdfsig = await TestPki.ToolAsync("pdfsig", file);
        Assert.Contains("Signature Validation: Signature is Valid.", pdfsig, StringComparison.Ordinal);
        Assert.Contains("No syntax or stream encoding errors found", await TestPki.ToolAsync("qpdf", "--check", file), StringComparison.Ordinal);
        var text = await TestPki.ToolAsync("pdftotext", "-layout", file, "-");
        Assert.Contains("BIÊN NHẬN BÁO CÁO ĐÃ DUYỆT", text, StringComparison.Ordinal);
        Assert.Contains($"Kỳ báo cáo / Period: {period}", text, StringComparison.Ordinal);
        Assert.Contains("Duyệt / Approved: ", text, StringComparison.Ordinal);
        Assert.Contains("Gửi / Submitted: ", text, StringComparison.Ordinal);

        var s = Assert.Single((await VerifyAsync(client, pdf)).GetProperty("signatures").EnumerateArray());
        Assert.True(s.GetProperty("intact").GetBoolean() && s.GetProperty("trusted").GetBoolean());
        Assert.Matches($"^Biên nhận báo cáo {DemoReports.Form} kỳ {period} của .+ đã duyệt; người duyệt: .+$", Api.Str(s, "reason"));
    }

    [Fact]
    public async Task EvidenceOfAReport_ASignedPdf_ShowsItsVerdictNextToIt_AnAlteredOneSaysSo()
    {
        await using var signing = Signing();
        var admin = await app.AdminClientAsync();
        using var api = signing.CreateClient(LodestarFactory.NoRedirects);
        api.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;
        var pdf = await api.GetByteArrayAsync(new Uri($"/api/v1/meetings/{await IssuedPackAsync(admin, "75")}/pack.pdf", UriKind.Relative));
        var altered = (byte[])pdf.Clone();
        altered[Encoding.Latin1.GetString(altered).IndexOf("/Producer (Lodestar)", StringComparison.Ordinal) + "/Producer (".Length] = (byte)'X';

        var (unit, period) = (await DemoReports.EditableAsync(app))[^6];
        var officer = await app.CreateUserAsync("ky.so.xa", Lodestar.Accounts.Roles.ReportingOfficer, unit);
        using var client = await LodestarFactory.SignInAsync(signing, officer, LodestarFactory.UserPassword);
        var url = $"/reports/{DemoReports.Form}/{unit}/{period}";
        foreach (var (name, bytes) in new[] { ("bao-cao-ky-so.pdf", pdf), ("bao-cao-bi-sua.pdf", altered) })
        {
            // Attaching is a button of the report form: it saves the typed values as the draft, then adds the files.
            var form = FormNamed(await GetPageAsync(client, url), "report");
            using var attached = await SubmitWithFilesAsync(client, form, url, new Dictionary<string, string> { ["Input.Attach"] = "true" }, "files", (name, "application/pdf", bytes));
            Assert.Equal(HttpStatusCode.Redirect, attached.StatusCode);
        }

        var items = (await GetPageAsync(client, url)).QuerySelectorAll("#evidence-list li").Select(Text).ToList();

        Assert.Contains(items, i => i.StartsWith("bao-cao-ky-so.pdf", StringComparison.Ordinal) && i.EndsWith($"Ký số: {TestPki.SignerName} — nguyên vẹn, tin cậy", StringComparison.Ordinal));
        Assert.Contains(items, i => i.StartsWith("bao-cao-bi-sua.pdf", StringComparison.Ordinal) && i.EndsWith($"Ký số: {TestPki.SignerName} — đã bị thay đổi sau khi ký", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EvidenceOfATask_ASignedPdf_ShowsItsVerdictOnTheTaskPage()
    {
        await using var signing = Signing();
        var admin = await app.AdminClientAsync();
        using var api = signing.CreateClient(LodestarFactory.NoRedirects);
        api.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;
        var pdf = await api.GetByteArrayAsync(new Uri($"/api/v1/meetings/{await IssuedPackAsync(admin, "76")}/pack.pdf", UriKind.Relative));
        var units = await app.DemoUnitsAsync();
        using var created = await admin.PostAsJsonAsync("/api/v1/tasks", new { title = "Triển khai chữ ký số cho văn bản của xã", ownerUnit = units.Commune, deadline = app.InDays(200), sourceKind = "plan", sourceNumber = "46/KH-UBND", priority = "high" });
        var uid = Api.Str((await Api.ReadAsync(created)).Json.GetProperty("task"), "uid");
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        using var form = new MultipartFormDataContent { { new StringContent("50"), "percent" }, { new StringContent("Đã ký số văn bản"), "narrative" }, { file, "files", "van-ban-ky-so.pdf" } };
        using var reported = await admin.PostAsync(new Uri($"/api/v1/tasks/{uid}/progress", UriKind.Relative), form);
        Assert.True(reported.IsSuccessStatusCode, (await Api.ReadAsync(reported)).Describe());
        using var client = await LodestarFactory.SignInAsync(signing, "admin", LodestarFactory.AdminPassword);

        var verdicts = (await GetPageAsync(client, $"/tasks/{uid}")).QuerySelectorAll(".evidence-signature").Select(Text).ToList();

        Assert.Equal([$"Ký số: {TestPki.SignerName} — nguyên vẹn, tin cậy"], verdicts);
    }
}
