using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lodestar.Accounts;
using Lodestar.Spreadsheets;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;

namespace Lodestar.Web.Tests.Accounts;

/// <summary>
/// Issue 15: accounts created from an .xlsx of names, e-mails, roles and units — all or none, each bad row named by
/// sheet, row and column, every password generated and answered once; the DX office only inside its province.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class AccountsImportTests(LodestarFactory app)
{
    private static MultipartFormDataContent Upload(params string?[][] rows)
    {
        var sheet = new XlsxSheet("Tai khoan", AccountSheets.Columns.Select(c => new XlsxColumn(c.Vi)).ToList());
        foreach (var row in rows)
        {
            sheet.Add(row);
        }

        var file = new ByteArrayContent(XlsxWriter.Write(sheet));
        file.Headers.ContentType = new MediaTypeHeaderValue(XlsxWriter.ContentType);
        return new MultipartFormDataContent { { file, "file", "tai-khoan.xlsx" } };
    }

    private static async Task<ApiAnswer> ImportAsync(HttpClient client, MultipartFormDataContent form) =>
        await ReadAsync(await client.PostAsync(new Uri("/api/v1/accounts/import", UriKind.Relative), form));

    private static List<string> Problems(ApiAnswer answer) =>
        answer.Json.GetProperty("errors").GetProperty("file").EnumerateArray().Select(e => e.GetString()!).ToList();

    [Fact]
    public async Task AGoodFile_CreatesEveryAccount_WithAPasswordShownOnce_ABadRowCreatesNone()
    {
        var units = await app.DemoUnitsAsync();
        var admin = await app.AdminClientAsync();

        // One bad row among good ones: nothing is created, each problem names its row and column.
        var bad = await ImportAsync(admin, Upload(
            ["nhap.a.xa1", "Nguyễn Văn A", "a@langson.gov.vn", Roles.ReportingOfficer, units.Commune],
            ["nhap.b.xa1", "<b>Trần Thị B</b>", "khong-phai-thu", "truong-phong", ""],
            ["nhap.a.xa1", "Lặp lại", null, Roles.Viewer, units.Commune]));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        var problems = Problems(bad);
        Assert.Contains("Trang 'Tai khoan', dòng 3, cột C (Thư điện tử): 'khong-phai-thu' không phải địa chỉ thư điện tử.", problems);
        Assert.Contains(problems, p => p.StartsWith("Trang 'Tai khoan', dòng 4, cột A (Tên đăng nhập):", StringComparison.Ordinal));
        Assert.Equal("Không tạo tài khoản nào; hãy sửa các dòng trên rồi tải lại tệp.", problems[^1]);
        Assert.DoesNotContain(Items(await GetOkAsync(admin, "/api/v1/accounts?pageSize=1000")), a => Str(a, "userName") == "nhap.a.xa1");

        var roleAndScope = await ImportAsync(admin, Upload(["nhap.c.xa1", "Lò Văn C", null, "truong-phong", units.Commune], ["nhap.d.xa1", "Hoàng Thị D", null, Roles.Viewer, null]));
        Assert.Contains(Problems(roleAndScope), p => p.StartsWith("Trang 'Tai khoan', dòng 2, cột D (Vai trò", StringComparison.Ordinal));
        Assert.Contains(Problems(roleAndScope), p => p.StartsWith("Trang 'Tai khoan', dòng 3, cột E (Mã đơn vị (phạm vi))", StringComparison.Ordinal));

        var good = await ImportAsync(admin, Upload(
            ["nhap.e.xa1", "Nguyễn Văn E", "e@langson.gov.vn", Roles.ReportingOfficer, units.Commune],
            ["nhap.f.xa2", "Trần Thị F", null, Roles.UnitHead, units.OtherCommune]));
        Assert.True(good.Status == HttpStatusCode.Created, good.Describe());
        var created = good.Json.EnumerateArray().ToList();
        Assert.Equal(["nhap.e.xa1", "nhap.f.xa2"], created.Select(c => Str(c, "userName")));
        var password = Str(created[0], "password");
        using var client = app.CreateClient(LodestarFactory.NoRedirects);
        using var token = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "nhap.e.xa1", password });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var listed = Items(await GetOkAsync(admin, "/api/v1/accounts?pageSize=1000")).Single(a => Str(a, "userName") == "nhap.f.xa2");
        Assert.Equal((Roles.UnitHead, units.OtherCommune), (Str(listed, "role"), Str(listed, "scope")));
    }

    [Fact]
    public async Task TheDxOffice_CreatesInsideItsProvinceOnly_AndBrokenFilesAreNamed()
    {
        var units = await app.DemoUnitsAsync();
        var foreign = await app.OtherProvinceCommuneAsync();
        var office = await app.ClientForAsync(Roles.DxOffice, DemoUnits.Province);
        var answer = await ImportAsync(office, Upload(
            ["vp.nhap.g", "Nông Văn G", null, Roles.ReportingOfficer, units.Commune],
            ["vp.nhap.h", "Đinh Thị H", null, Roles.ReportingOfficer, foreign],
            ["vp.nhap.i", "Quản Trị I", null, Roles.Admin, null]));
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        var problems = Problems(answer);
        Assert.Contains(problems, p => p.StartsWith("Trang 'Tai khoan', dòng 3, cột E", StringComparison.Ordinal) && p.Contains("không được tạo tài khoản", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Trang 'Tai khoan', dòng 4, cột D", StringComparison.Ordinal));
        Assert.DoesNotContain(Items(await GetOkAsync(await app.AdminClientAsync(), "/api/v1/accounts?pageSize=1000")), a => Str(a, "userName") == "vp.nhap.g");

        var notXlsx = new ByteArrayContent("userName,fullName\n"u8.ToArray());
        notXlsx.Headers.ContentType = new MediaTypeHeaderValue(XlsxWriter.ContentType);
        var broken = await ImportAsync(office, new MultipartFormDataContent { { notXlsx, "file", "tai-khoan.xlsx" } });
        Assert.Equal(HttpStatusCode.BadRequest, broken.Status);

        var officer = await app.ClientForAsync(Roles.ReportingOfficer, units.Commune);
        Assert.Equal(HttpStatusCode.Forbidden, (await ImportAsync(officer, Upload(["x.y", "X", null, Roles.Viewer, units.Commune]))).Status);
    }
}
