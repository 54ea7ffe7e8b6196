using System.Net;
using Lodestar.Accounts;
using Lodestar.Signing;
using Lodestar.Steering;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;
using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Signing;

/// <summary>Issue 20 item 5 for DTI: an evidence file of a DTI self-assessment that is a signed PDF shows its verdict next to it, as report and task evidence do.</summary>
[Collection(SharedApp.Name)]
public sealed class DtiEvidenceSignatureTests(LodestarFactory app)
{
    private static readonly TestPki Pki = TestPki.Instance;

    [Fact]
    public async Task DtiEvidence_ASignedPdf_ShowsItsVerdictOnTheAssessmentPage_AnUnsignedOneShowsNone()
    {
        var pdf = PackPdf.Write(new PackDocument(
            "UBND TỈNH LẠNG SƠN", "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ", "43/BC-BCĐ", "Lạng Sơn", new DateOnly(2026, 10, 8), "BÁO CÁO",
            "Minh chứng chỉ số DTI", ["Văn bản minh chứng đã ký số."], [], ["- Lưu: VT."], "TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Hoàng Văn Hùng", Draft: false));
        using var signer = new DocumentSigner(new SigningOptions { Certificate = Pki.Signer, Password = TestPki.Password }, app.Clock);
        var signed = await signer.SignAsync(pdf, new SignatureIntent("Minh chứng DTI"));

        // A commune the DTI tests do not use (they take the 5th, 10th, 20th and 25th by code); every fifth has a 2026 draft.
        var codes = (await GetOkAsync(await app.AdminClientAsync(), "/api/v1/dti/LS-XA/2025/ranking")).EnumerateArray()
            .Select(r => Str(r, "orgUnit")).Order(StringComparer.Ordinal).ToList();
        Assert.True(codes.Count > 35, $"the demo ranks at least 36 communes (has {codes.Count})");
        var url = $"/dti/LS-XA/2026/units/{codes[35]}/assessment";
        var officer = await app.CreateUserAsync("dti.ky.so.cb", Roles.ReportingOfficer, codes[35]);
        using var client = await app.SignInAsync(officer, LodestarFactory.UserPassword);
        foreach (var (name, bytes) in new[] { ("quyet-dinh-ky-so.pdf", signed), ("ban-chua-ky.pdf", pdf) })
        {
            using var attached = await DtiEvidence.AttachAsync(client, url, "1.2", name, bytes);
            Assert.Equal(HttpStatusCode.Redirect, attached.StatusCode);
        }

        var items = (await GetPageAsync(client, url)).QuerySelectorAll("td ul.plain li").Select(Text).ToList();

        // The shared app trusts no root: intact, but the certificate is not trusted.
        Assert.Contains(items, i => i.StartsWith("quyet-dinh-ky-so.pdf", StringComparison.Ordinal)
            && i.EndsWith($"Ký số: {TestPki.SignerName} — nguyên vẹn, chứng thư chưa được tin cậy", StringComparison.Ordinal));
        Assert.Contains(items, i => i.StartsWith("ban-chua-ky.pdf", StringComparison.Ordinal) && !i.Contains("Ký số", StringComparison.Ordinal));
    }
}
