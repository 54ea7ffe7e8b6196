using Lodestar.Accounts;
using Lodestar.Browser.Tests.Auth;
using Lodestar.Browser.Tests.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Programmes;
using Lodestar.Values;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lodestar.Browser.Tests.Connectors;

/// <summary>
/// Issue 19, "done when": the DX office sets up a connector on the page without reading code (a CSV with the
/// import-values columns, served by a Kestrel source on loopback), runs it now, sees the run's counts, and the pulled
/// figure shows on the target page with its source.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class ConnectorJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "Ket-Noi-Du-Lieu-2026";
    private IPage _page = null!;

    public async Task InitializeAsync() => _page = await browser.NewPageAsync();

    public async Task DisposeAsync() => await _page.Context.CloseAsync();

    [Fact]
    public async Task DxOffice_SetsUpACsvConnector_RunsItNow_AndThePulledValueShowsOnTheTargetPageWithItsSource()
    {
        string commune;
        await using (var scope = browser.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
            commune = await db.OrgUnitParents.Where(l => l.Parent.Code == "20" && l.Child.Level == OrgUnitLevel.Commune && l.ValidTo == null)
                .OrderBy(l => l.Child.Code).Select(l => l.Child.Code).FirstAsync();
            var element = new DataElement { Code = "BT_HS_TRUC_TUYEN", Name = "Hồ sơ xử lý trực tuyến", Unit = "hồ sơ", MinValue = 0, WholeNumbers = true };
            db.Indicators.Add(new Indicator { Code = "BT_HS_TRUC_TUYEN", Name = "Hồ sơ xử lý trực tuyến", Element = element, Unit = "hồ sơ", Aggregation = Aggregation.Sum });
            await db.SaveChangesAsync();
            var programmes = scope.ServiceProvider.GetRequiredService<ProgrammeService>();
            Assert.True((await programmes.CreateProgrammeAsync(new("LS-BT-KN", "Kế hoạch dịch vụ công trực tuyến", "03/KH-UBND", null, "UBND tỉnh", "20",
                2026, 2030, 95, 80, "Dịch vụ công", null))).Succeeded);
            Assert.True((await programmes.AddTargetAsync("LS-BT-KN", new("LS-BT-KN.1", "Hồ sơ xử lý trực tuyến của xã", null, "hồ sơ", Comparator.AtLeast, null,
                null, null, "2030: 1000", PathShape.Linear, "BT_HS_TRUC_TUYEN", null, null, null, null))).Succeeded);
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            Assert.True((await accounts.CreateAsync(new NewAccount("cds.ketnoi", "Hà Thị Lan", null, Roles.DxOffice, "20", Password))).Succeeded);
        }

        // The one-stop system's export, as another system would serve it.
        var (source, baseUrl) = await LoopbackServer.StartAsync(app =>
            app.MapGet("/ho-so.csv", () => Results.Text($"dataElement,orgUnit,period,value\nBT_HS_TRUC_TUYEN,{commune},2026Q1,1234\n", "text/csv; charset=utf-8")));
        await using var _ = source;
        var url = baseUrl + "/ho-so.csv";

        await _page.GotoAsync("/connectors");
        await new LoginPage(_page).SignInAsync("cds.ketnoi", Password);
        await _page.WaitForURLAsync("**/connectors");
        await _page.GetByLabel("Mã (chữ không dấu, số, - _ .)").FillAsync("MOT-CUA-THU");
        await _page.GetByLabel("Tên", new() { Exact = true }).FillAsync("Hệ thống một cửa thử");
        await _page.GetByLabel("Địa chỉ (URL)").FillAsync(url);
        await _page.GetByLabel("Giá trị lấy về được tính ngay (không chờ duyệt)").CheckAsync();
        await Screenshots.SaveAsync(_page, "connector-01-form");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Tạo kết nối" }).ClickAsync();

        await Expect(_page.GetByRole(AriaRole.Row, new() { Name = "MOT-CUA-THU" })).ToBeVisibleAsync();
        await _page.GetByRole(AriaRole.Button, new() { Name = "Chạy MOT-CUA-THU ngay" }).ClickAsync();
        await Expect(_page.Locator("#last-run")).ToContainTextAsync("Đọc 1 dòng: tạo mới 1, cập nhật 0, không đổi 0, bị từ chối 0");
        await Screenshots.SaveAsync(_page, "connector-02-run");

        await _page.GotoAsync($"/targets/LS-BT-KN.1?unit={commune}&period=2026Q1");
        await Expect(_page.Locator(".tile").First).ToContainTextAsync("1.234");
        await Expect(_page.Locator(".tile .pulled-from")).ToContainTextAsync("nguồn: Hệ thống một cửa thử, lấy lúc ");
        await Expect(_page.Locator("#history-table")).ToContainTextAsync("nguồn: Hệ thống một cửa thử, lấy lúc ");
        await Screenshots.SaveAsync(_page, "connector-03-target-source");
    }
}
