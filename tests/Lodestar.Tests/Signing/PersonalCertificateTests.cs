using System.Text;
using Lodestar.Accounts;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Signing;
using Lodestar.Steering;
using Microsoft.EntityFrameworkCore;
using static Lodestar.Tests.Common.Pdf.PdfTools;

namespace Lodestar.Tests.Signing;

/// <summary>
/// Issue 20 item 3: a person keeps their own PKCS#12 (checked: it opens, has a key, is valid today, chains to a trusted
/// root), encrypted; what they decide is signed by them, then by the organisation over it, and pdfsig reads both.
/// </summary>
public sealed class PersonalCertificateTests : DatabaseTest
{
    private static readonly TestPki Pki = TestPki.Instance;

    private static readonly SigningOptions On = new() { Personal = true, Certificate = Pki.Signer, Password = TestPki.Password, TrustedRoots = Pki.RootPem };

    private static PersonalCertificateService Service(LodestarDbContext db, SigningOptions? options = null) =>
        new(db, options ?? On, new TestSecrets(), TestTime.Clock);

    private static async Task<LodestarUser> ApproverAsync(LodestarDbContext db)
    {
        var province = await db.AddUnitAsync("20", OrgUnitLevel.Province);
        return await db.AddUserAsync("nv.duyet", "Nguyễn Văn Duyệt", null, Roles.DxOffice, province.Id);
    }

    [Fact]
    public async Task Upload_AValidPkcs12_IsKeptEncrypted_ShownByItsSubject_AndAuditedWithoutTheSecret()
    {
        await using var db = Database.Context();
        var user = await ApproverAsync(db);
        var bytes = await File.ReadAllBytesAsync(Pki.Person);

        var outcome = await Service(db).UploadAsync(user.Id, bytes, TestPki.Password);

        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems.Select(p => p.Message.En)));
        var info = await Service(db).OfAsync(user.Id);
        Assert.NotNull(info);
        Assert.Contains($"CN={TestPki.PersonName}", info.Subject, StringComparison.Ordinal);
        Assert.Contains("CN=Lodestar Test Root CA", info.Issuer, StringComparison.Ordinal);
        Assert.Equal(40, info.Thumbprint.Length);
        Assert.Equal(new DateTime(2040, 1, 1, 0, 0, 0, DateTimeKind.Utc), info.NotAfter);
        var row = await db.PersonalCertificates.AsNoTracking().SingleAsync();
        Assert.DoesNotContain(TestPki.Password, row.ProtectedSecret, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(bytes)[..40], row.ProtectedSecret, StringComparison.Ordinal);
        var audit = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Entity == nameof(PersonalCertificate) && e.Action == "create");
        Assert.Contains(info.Thumbprint, audit.After, StringComparison.Ordinal);
        Assert.DoesNotContain("ProtectedSecret", audit.After, StringComparison.Ordinal);

        using var key = await Service(db).KeyOfAsync("nv.duyet");
        Assert.Equal(TestPki.PersonName, DocumentSigner.SignerName(key!.Certificate));
    }

    public static TheoryData<string, string, string, string> Refusals => new()
    {
        { "wrong password", "person", "password", "Sai mật khẩu" },
        { "not a PKCS#12", "text", "file", "không phải chứng thư số PKCS#12" },
        { "no private key", "keyless", "file", "không chứa khóa bí mật" },
        { "expired", "expired", "file", "Chứng thư đã hết hạn ngày 01/01/2019" },
        { "untrusted", "untrusted", "file", "không thuộc một tổ chức cung cấp dịch vụ chứng thực mà hệ thống tin cậy" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Upload_ABadFile_IsRefusedWithAClearMessage_AndNothingIsKept(string why, string file, string field, string message)
    {
        await using var db = Database.Context();
        var user = await ApproverAsync(db);
        var bytes = file == "text" ? Encoding.UTF8.GetBytes("-----BEGIN CERTIFICATE-----\nkhông phải PKCS#12\n") : await File.ReadAllBytesAsync(Pki.PathOf(file + ".p12"));

        var outcome = await Service(db).UploadAsync(user.Id, bytes, why == "wrong password" ? "sai-mat-khau" : TestPki.Password);

        var problem = Assert.Single(outcome.Problems);
        Assert.Equal(field, problem.Field);
        Assert.Contains(message, problem.Message.Vi, StringComparison.Ordinal);
        Assert.NotEqual(problem.Message.Vi, problem.Message.En);
        Assert.False(await db.PersonalCertificates.AnyAsync());
    }

    [Fact]
    public async Task Upload_WhenTheDeploymentHasPersonalSignaturesOff_IsRefused_AndNoKeyIsOpened()
    {
        await using var db = Database.Context();
        var user = await ApproverAsync(db);
        var off = new SigningOptions { Certificate = Pki.Signer, Password = TestPki.Password };

        var outcome = await Service(db, off).UploadAsync(user.Id, await File.ReadAllBytesAsync(Pki.Person), TestPki.Password);

        Assert.Equal(PersonalCertificateService.Off, Assert.Single(outcome.Problems).Message);
        Assert.True((await Service(db).UploadAsync(user.Id, await File.ReadAllBytesAsync(Pki.Person), TestPki.Password)).Succeeded);
        Assert.Null(await Service(db, off).KeyOfAsync("nv.duyet"));
    }

    [Fact]
    public async Task Upload_Again_ReplacesTheCertificate_AndRemove_LeavesNone()
    {
        await using var db = Database.Context();
        var user = await ApproverAsync(db);
        await Service(db).UploadAsync(user.Id, await File.ReadAllBytesAsync(Pki.Person), TestPki.Password);

        var replaced = await Service(db).UploadAsync(user.Id, await File.ReadAllBytesAsync(Pki.Signer), TestPki.Password);

        Assert.True(replaced.Succeeded);
        Assert.Contains(TestPki.SignerName, (await Service(db).OfAsync(user.Id))!.Subject, StringComparison.Ordinal);
        Assert.Equal(1, await db.PersonalCertificates.CountAsync());
        Assert.True(await Service(db).RemoveAsync(user.Id));
        Assert.False(await Service(db).RemoveAsync(user.Id));
        Assert.Null(await Service(db).OfAsync(user.Id));
        Assert.Null(await Service(db).KeyOfAsync("nv.duyet"));
    }

    [Fact]
    public async Task KeyOf_ACertificateThatHasSinceExpired_IsNone_AndTheOrganisationSignsAlone()
    {
        await using var db = Database.Context();
        var user = await ApproverAsync(db);
        await Service(db).UploadAsync(user.Id, await File.ReadAllBytesAsync(Pki.Person), TestPki.Password);
        var later = new PinnedClock(new DateTimeOffset(2041, 1, 1, 0, 0, 0, TimeSpan.Zero));

        using var key = await new PersonalCertificateService(db, On, new TestSecrets(), later).KeyOfAsync("nv.duyet");

        Assert.Null(key);
        Assert.NotNull(await Service(db).OfAsync(user.Id));
    }

    [Fact]
    public async Task Sign_WithAPersonalKey_ThePersonSigns_ThenTheOrganisationOverIt_AndPdfsigQpdfAndLodestarAcceptBoth()
    {
        await using var db = Database.Context();
        var user = await ApproverAsync(db);
        await Service(db).UploadAsync(user.Id, await File.ReadAllBytesAsync(Pki.Person), TestPki.Password);
        using var person = await Service(db).KeyOfAsync("nv.duyet");
        using var signer = new DocumentSigner(On, TestTime.Clock);
        var pack = PackPdf.Write(new PackDocument(
            "UBND TỈNH LẠNG SƠN", "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ", "42/BC-BCĐ", "Lạng Sơn", new DateOnly(2026, 10, 8), "BÁO CÁO",
            "Tình hình chuyển đổi số quý III năm 2026", ["Các đơn vị tiếp tục đẩy mạnh chuyển đổi số."], [],
            ["- Lưu: VT, BCĐ."], "TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Nguyễn Văn Duyệt", Draft: false));

        var signed = await signer.SignAsync(pack, person, new SignatureIntent("Ban hành báo cáo số 42/BC-BCĐ"),
            new SignatureIntent("Ban hành báo cáo số 42/BC-BCĐ; người ban hành: Nguyễn Văn Duyệt"));
        var file = Pki.PathOf($"personal-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, signed);

        Assert.Equal(pack, signed[..pack.Length]);
        await CheckAsync(file);
        var pdfsig = (await RunAsync("pdfsig", "-nocert", file)).Output;
        var second = pdfsig.IndexOf("Signature #2:", StringComparison.Ordinal);
        Assert.True(second > 0, pdfsig);
        Assert.Contains($"Signer Certificate Common Name: {TestPki.PersonName}", pdfsig[..second], StringComparison.Ordinal);
        Assert.Contains($"Signer Certificate Common Name: {TestPki.SignerName}", pdfsig[second..], StringComparison.Ordinal);
        Assert.Equal(2, pdfsig.Split("Signature Validation: Signature is Valid.").Length - 1);
        Assert.Contains("Total document signed", pdfsig[second..], StringComparison.Ordinal);

        var report = new SignatureVerifier(On, TestTime.Clock).Verify(signed);
        Assert.Equal([TestPki.PersonName, TestPki.SignerName], report.Signatures.Select(s => s.Signer));
        Assert.All(report.Signatures, s => Assert.True(s.Intact && s.CertificateValid && s.Trusted));
        Assert.Equal([false, true], report.Signatures.Select(s => s.CoversWholeDocument));
    }

    /// <summary>The deployment's module (SoftHSM) holds the organisation's key on its token and the person's on theirs.</summary>
    private static readonly SigningOptions OnToken = new()
    {
        Personal = true, Pkcs11Library = SoftHsm.Library, Pkcs11Pin = SoftHsm.Pin, Pkcs11Token = SoftHsm.Office, TrustedRoots = Pki.RootPem,
    };

    [Fact]
    public async Task UseTokenKey_ThePersonsKeyOnTheModule_IsKept_ThenThePersonAndTheOrganisationSignThroughTheirTokens()
    {
        await using var db = Database.Context();
        var user = await KeepTokenKeyAsync(db, SoftHsm.Own, TestPki.PersonName);

        Assert.DoesNotContain(SoftHsm.PersonPin, (await db.PersonalCertificates.AsNoTracking().SingleAsync()).ProtectedSecret, StringComparison.Ordinal);

        // The token was logged in a moment ago: a wrong PIN is still a wrong PIN, and nothing changes.
        var wrong = await Service(db, OnToken).UseTokenKeyAsync(user.Id, SoftHsm.Person, SoftHsm.Own, "000000");
        Assert.Equal("pin", Assert.Single(wrong.Problems).Field);

        using var person = await Service(db, OnToken).KeyOfAsync("nv.duyet");
        using var signer = new DocumentSigner(OnToken, TestTime.Clock);
        var signed = await signer.SignAsync(PackPdf.Write(new PackDocument(
            "UBND TỈNH LẠNG SƠN", "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ", "47/BC-BCĐ", "Lạng Sơn", new DateOnly(2026, 10, 8), "BÁO CÁO",
            "Ký bằng khóa trên thiết bị", ["Nội dung."], [], ["- Lưu: VT."], "TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", TestPki.PersonName, Draft: false)),
            person, new SignatureIntent("Ban hành báo cáo số 47/BC-BCĐ"), new SignatureIntent("Ban hành báo cáo số 47/BC-BCĐ; người ban hành: Nguyễn Văn Duyệt"));
        var file = Pki.PathOf($"personal-token-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, signed);

        Assert.Equal(2, (await RunAsync("pdfsig", "-nocert", file)).Output.Split("Signature Validation: Signature is Valid.").Length - 1);
        var report = new SignatureVerifier(OnToken, TestTime.Clock).Verify(signed);
        Assert.Equal([TestPki.PersonName, TestPki.SignerName], report.Signatures.Select(s => s.Signer));
        Assert.All(report.Signatures, s => Assert.True(s.Intact && s.CertificateValid && s.Trusted));
    }

    [Fact]
    public async Task UseTokenKey_ACertificateWithTheNameInCapitalsWithoutMarks_IsThePersons()
    {
        await using var db = Database.Context();

        await KeepTokenKeyAsync(db, SoftHsm.Plain, TestPki.PersonNamePlain);
    }

    /// <summary>An approver keeps the person's key of the token's certificate <paramref name="certificate"/>; his account then names its subject.</summary>
    private static async Task<LodestarUser> KeepTokenKeyAsync(LodestarDbContext db, string certificate, string commonName)
    {
        Assert.True(SoftHsm.Made());
        var user = await ApproverAsync(db);

        var outcome = await Service(db, OnToken).UseTokenKeyAsync(user.Id, SoftHsm.Person, certificate, SoftHsm.PersonPin);

        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems.Select(p => p.Message.En)));
        Assert.Contains($"CN={commonName}", (await Service(db).OfAsync(user.Id))!.Subject, StringComparison.Ordinal);
        return user;
    }

    public static TheoryData<string, string, string, string, string> TokenRefusals => new()
    {
        { SoftHsm.Person, SoftHsm.Own, "000000", "pin", "Sai mã PIN của thiết bị ký" },
        { SoftHsm.Person, "khong-co", SoftHsm.PersonPin, "label", "không có chứng thư RSA mang nhãn “khong-co”" },
        { "khong-co", SoftHsm.Own, SoftHsm.PersonPin, "token", "Không có thiết bị ký mang nhãn “khong-co”" },
        { SoftHsm.Office, "signer", SoftHsm.Pin, "token", "giữ khóa của cơ quan" },
        { SoftHsm.Person, SoftHsm.Other, SoftHsm.PersonPin, "label", $"là của “{TestPki.SignerName}”, không phải của tài khoản này" },
        { SoftHsm.Person, SoftHsm.Expired, SoftHsm.PersonPin, "label", "Chứng thư đã hết hạn ngày 01/01/2019" },
        { SoftHsm.Person, SoftHsm.Untrusted, SoftHsm.PersonPin, "label", "không thuộc một tổ chức cung cấp dịch vụ chứng thực mà hệ thống tin cậy" },
    };

    [Theory]
    [MemberData(nameof(TokenRefusals))]
    public async Task UseTokenKey_AWrongPinLabelOrToken_OrACertificateNotTheirsExpiredOrUntrusted_IsRefused_AndNothingIsKept(
        string token, string label, string pin, string field, string message)
    {
        Assert.True(SoftHsm.Made());
        await using var db = Database.Context();
        var user = await ApproverAsync(db);

        var outcome = await Service(db, OnToken).UseTokenKeyAsync(user.Id, token, label, pin);

        var problem = Assert.Single(outcome.Problems);
        Assert.Equal(field, problem.Field);
        Assert.Contains(message, problem.Message.Vi, StringComparison.Ordinal);
        Assert.NotEqual(problem.Message.Vi, problem.Message.En);
        Assert.False(await db.PersonalCertificates.AnyAsync());
    }

    /// <summary>Stands in for the host's data protection (the web tests use the real one): reversible, and never the plain secret.</summary>
    private sealed class TestSecrets : IPersonalKeySecrets
    {
        public string Protect(string secret) => "p:" + Convert.ToBase64String(Encoding.UTF8.GetBytes(new string(secret.Reverse().ToArray())));

        public string? Unprotect(string protectedSecret) =>
            protectedSecret.StartsWith("p:", StringComparison.Ordinal) ? new string(Encoding.UTF8.GetString(Convert.FromBase64String(protectedSecret[2..])).Reverse().ToArray()) : null;
    }
}
