using Lodestar.Accounts;
using Lodestar.Browser.Tests.Auth;
using Lodestar.Browser.Tests.Common;
using Lodestar.Data;
using Lodestar.Dti;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Lodestar.Browser.Tests.Dti;

/// <summary>A commune fills its DTI self-assessment with evidence, the DX office reviews it, the council confirms; then the ranking and the explanation.</summary>
[Collection(SharedBrowser.Name)]
public sealed class DtiJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "Tu-Danh-Gia-DTI-2026";
    private IPage _commune = null!;
    private IPage _office = null!;
    private IPage _council = null!;

    public async Task InitializeAsync()
    {
        _commune = await browser.NewPageAsync();
        _office = await browser.NewPageAsync();
        _council = await browser.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await _commune.Context.CloseAsync();
        await _office.Context.CloseAsync();
        await _council.Context.CloseAsync();
    }

    private static async Task SignInAsync(IPage page, string user, string url)
    {
        await page.GotoAsync(url);
        await new LoginPage(page).SignInAsync(user, Password);
        await page.WaitForURLAsync("**" + url);
    }

    [Fact]
    public async Task Commune_FillsWithEvidence_OfficeReviews_CouncilConfirms_ThenRankingAndExplanation()
    {
        string code, name;
        await using (var scope = browser.Services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<LodestarDbContext>();
            var draft = await db.DtiAssessments.Where(a => a.Framework.Code == Lodestar.Demo.DtiDemo.Communes && a.Year == 2026 && a.State == AssessmentState.Draft)
                .OrderByDescending(a => a.OrgUnit.Code).Select(a => new { a.OrgUnit.Code, a.OrgUnit.Name }).FirstAsync();
            (code, name) = (draft.Code, draft.Name);
            var accounts = sp.GetRequiredService<AccountService>();
            Assert.True((await accounts.CreateAsync(new NewAccount("xa.dti", "Lăng Thị Hoa", null, Roles.ReportingOfficer, code, Password))).Succeeded);
            Assert.True((await accounts.CreateAsync(new NewAccount("cds.thamtra", "Hoàng Văn Hùng", null, Roles.DxOffice, "20", Password))).Succeeded);
            Assert.True((await accounts.CreateAsync(new NewAccount("hd.thamdinh", "Vi Văn Thắng", null, Roles.SteeringMember, "20", Password))).Succeeded);
        }

        var url = $"/dti/LS-XA/2026/units/{code}/assessment";
        var state = _commune.Locator("#assessment-state");

        // The commune's officer fills the meetings component, attaches the conclusions as evidence, and submits.
        await SignInAsync(_commune, "xa.dti", url);
        await Expect(state).ToHaveTextAsync("Bản nháp");
        await _commune.Locator("input[name='a.1.2']").FillAsync("4");
        await _commune.Locator("textarea[name='n.1.2']").FillAsync("4 cuộc họp: thông báo kết luận số 12, 35, 61, 90");
        await _commune.GetByRole(AriaRole.Button, new() { Name = "Lưu nháp", Exact = true }).ClickAsync();
        await Expect(_commune.Locator("#assessment-message")).ToHaveTextAsync("Đã lưu nháp.");

        var file = Path.Combine(Path.GetTempPath(), "thong-bao-ket-luan-hop-bcd.pdf");
        await File.WriteAllTextAsync(file, "%PDF-1.4 thông báo kết luận");
        await _commune.Locator("#evidence-node").SelectOptionAsync("1.2");
        await _commune.Locator("#evidence-files").SetInputFilesAsync(file);
        await _commune.Locator("#attach").ClickAsync();
        await Expect(_commune.Locator("#assessment-message")).ToHaveTextAsync("Đã đính kèm tệp minh chứng.");
        await Expect(_commune.Locator("#item-1\\.2 a[href^='/dti/evidence/']")).ToHaveTextAsync("thong-bao-ket-luan-hop-bcd.pdf");
        await Screenshots.SaveAsync(_commune, "dti-01-filled-with-evidence");

        await _commune.Locator("#submit-assessment").ClickAsync();
        await Expect(state).ToHaveTextAsync("Đã nộp, chờ thẩm tra");
        await Screenshots.SaveAsync(_commune, "dti-02-submitted");

        // The DX office adjusts the meetings (one did not count) with a reason, and accepts the rest.
        await SignInAsync(_office, "cds.thamtra", url);
        await _office.Locator("select[name='d.1.2']").SelectOptionAsync("adjust");
        await _office.Locator("input[name='va.1.2']").FillAsync("3");
        await _office.Locator("input[name='r.1.2']").FillAsync("Cuộc họp tháng 12 chưa có thông báo kết luận");
        await _office.Locator("#accept-rest").ClickAsync();
        await Expect(_office.Locator("#assessment-state")).ToHaveTextAsync("Đã thẩm tra, chờ Hội đồng xác nhận");
        await Expect(_office.Locator("#item-1\\.2")).ToContainTextAsync("Cuộc họp tháng 12 chưa có thông báo kết luận");
        await Expect(_office.Locator("#confirm")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(_office, "dti-03-reviewed");

        // The appraisal council confirms: the assessment locks.
        await SignInAsync(_council, "hd.thamdinh", url);
        await _council.Locator("#confirm").ClickAsync();
        await Expect(_council.Locator("#assessment-state")).ToHaveTextAsync("Hội đồng đã xác nhận");
        await Screenshots.SaveAsync(_council, "dti-04-confirmed");

        // The ranking shows the commune as final; its page explains the score.
        await _council.GotoAsync("/dti?framework=LS-XA&year=2026");
        var row = _council.Locator("#dti-ranking tbody tr", new() { HasText = name });
        await Expect(row).ToContainTextAsync("Hội đồng đã xác nhận");
        await Screenshots.SaveAsync(_council, "dti-05-ranking");
        await row.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await Expect(_council.Locator("#dti-sentence")).ToContainTextAsync(name);
        await Expect(_council.Locator("#dti-radar")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(_council, "dti-06-explanation");
    }
}
