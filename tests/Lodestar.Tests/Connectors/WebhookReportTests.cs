using System.Text.Json;
using Lodestar.Accounts;
using Lodestar.Connectors;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Reporting;
using Lodestar.Tests.Reporting;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.Connectors;

/// <summary>Webhooks out, issue 19 item 5: approving a report queues report.approved in the approval's own save, and an approval rolled back queues nothing.</summary>
public sealed class WebhookReportTests : DatabaseTest
{
    private readonly TestClock _clock = new(new DateOnly(2026, 7, 5));

    private LodestarDbContext Db(string actor) => Database.Context(new NamedActor(actor), _clock);

    private async Task ArrangeAsync()
    {
        await using var db = Db("system");
        var (province, commune) = await ReportingArrange.FormAsync(db);
        await db.AddUserAsync("canbo.x1", "Nông Thị Lan", null, Roles.ReportingOfficer, commune.Id);
        await db.AddUserAsync("cds.tinh", "Văn phòng CĐS", null, Roles.DxOffice, province.Id);
        db.Add(new Webhook { Code = "CONG-DL", Name = "Cổng dữ liệu", Url = "https://hooks.example.vn/lodestar", Events = WebhookEvents.ReportApproved, ProtectedSecret = "p:x", OwnerUnitId = province.Id });
        await db.SaveChangesAsync();

        await using var officer = Db("canbo.x1");
        var service = new ReportingService(officer, new DataValueService(officer, new OrgUnitQueries(officer)), _clock);
        var saved = await service.SaveAsync((await service.FormAsync(ReportingArrange.Form))!, await officer.OrgUnits.SingleAsync(u => u.Code == "20.X1"), Period.Parse("2026Q2"),
            [new ReportEntry("HH_TOTAL", "1200", null), new ReportEntry("HH_FIBRE", "900", null)], 0, submit: true);
        Assert.True(saved.Succeeded, string.Join(" ", saved.Problems.Select(p => p.Message.Vi)));
    }

    private static async Task<bool> ApproveAsync(LodestarDbContext db, TestClock clock)
    {
        var service = new ReportingService(db, new DataValueService(db, new OrgUnitQueries(db)), clock);
        var outcome = await service.DecideAsync((await service.FormAsync(ReportingArrange.Form))!, await db.OrgUnits.SingleAsync(u => u.Code == "20.X1"), Period.Parse("2026Q2"), ReportAction.Approve, null);
        return outcome.Succeeded;
    }

    [Fact]
    public async Task ApprovingAReport_QueuesReportApproved_WithTheReportInItsData()
    {
        await ArrangeAsync();
        await using (var db = Db("cds.tinh"))
        {
            Assert.Empty(await db.Set<WebhookDelivery>().ToListAsync()); // submitting is no approval
            Assert.True(await ApproveAsync(db, _clock));
        }

        await using var check = Db("system");
        var delivery = await check.Set<WebhookDelivery>().SingleAsync();
        Assert.Equal((WebhookEvents.ReportApproved, WebhookDeliveryStatus.Pending, 0), (delivery.Event, delivery.Status, delivery.Attempts));
        var data = JsonDocument.Parse(delivery.Payload).RootElement.GetProperty("data");
        Assert.Equal(("CDS-XA", "20.X1", "2026Q2", "cds.tinh"), (data.GetProperty("form").GetString(), data.GetProperty("unit").GetString(), data.GetProperty("period").GetString(),
            data.GetProperty("approvedBy").GetString()));
    }

    [Fact]
    public async Task AnApprovalRolledBack_QueuesNothing()
    {
        await ArrangeAsync();
        await using (var db = Db("cds.tinh"))
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            Assert.True(await ApproveAsync(db, _clock));
            Assert.Equal(1, await db.Set<WebhookDelivery>().CountAsync()); // written in the approval's transaction …
            await tx.RollbackAsync();
        }

        await using var check = Db("system");
        Assert.Equal(0, await check.Set<WebhookDelivery>().CountAsync()); // … and gone with it
        Assert.Equal(ReportStatus.Submitted, (await check.Reports.SingleAsync()).Status);
    }
}
