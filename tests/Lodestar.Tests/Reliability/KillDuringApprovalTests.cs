using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lodestar.OrgUnits;
using Lodestar.Reporting;
using Lodestar.Tests.Common;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Lodestar.Tests.Reliability;

/// <summary>
/// kill -9 of the real web app (the built Lodestar.Web.dll, its own database) while it approves a submitted report of
/// 1,500 values — before the request, while it runs, and after its answer — then a restart on the same database: each
/// report is either approved with every value approved, its audit rows and its "Approve" event, or still submitted
/// with none of them; never a part. The approvals that did not happen can be given again after the restart.
/// </summary>
[Collection(Cli.CliGroup.Name)]
public sealed class KillDuringApprovalTests(ITestOutputHelper output) : DatabaseTest
{
    private const int Values = 1_500;
    private const string Password = "Kiem-Thu-Duyet-2026";
    private const string Form = "KILL";
    private const string Period = "2026Q1";

    /// <summary>
    /// When the app is killed: first after the approval's answer (which measures how long an approval takes, D, on a
    /// freshly started app), then at these fractions of D after sending — before it starts, half-way, and around the
    /// commit.
    /// </summary>
    private static readonly double?[] KillAfter = [null, 0, 0.5, 0.9, 1.1];

    [Fact]
    public async Task KilledDuringApproval_EachReportAllApprovedOrAllSubmitted_AndApprovalSucceedsAfterRestart()
    {
        var units = await ArrangeAsync();
        var outcomes = new List<string>();
        var duration = TimeSpan.Zero;
        for (var i = 0; i < KillAfter.Length; i++)
        {
            await using var app = await WebApp.StartAsync(Database.Settings(), output, Password);
            var token = await app.TokenAsync("admin", Password);
            var sent = Stopwatch.StartNew();
            var approval = DecideAsync(app, token, units[i]);
            if (KillAfter[i] is { } fraction)
            {
                await Task.WhenAny(approval, Task.Delay(duration * fraction));
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, (await approval).Status);
                duration = sent.Elapsed;
            }

            app.Kill();
            var answered = approval.IsCompletedSuccessfully ? (await approval).Status.ToString() : "no answer";
            var state = await StateAsync(units[i]);
            outcomes.Add($"kill {(KillAfter[i] is { } f ? $"{duration.TotalMilliseconds * f:0} ms after sending" : $"after the answer ({duration.TotalMilliseconds:0} ms)")}: {answered}; report {units[i]} {state}");
            output.WriteLine(outcomes[^1]);
            if (KillAfter[i] is null)
            {
                Assert.Equal(ReportStatus.Approved, state.Status);
            }
        }

        // Restart: every report is whole, and every one not approved can be approved now.
        await using (var app = await WebApp.StartAsync(Database.Settings(), output, Password))
        {
            var token = await app.TokenAsync("admin", Password);
            foreach (var unit in units)
            {
                var state = await StateAsync(unit);
                if (state.Status == ReportStatus.Submitted)
                {
                    var answer = await DecideAsync(app, token, unit);
                    Assert.True(answer.Status == HttpStatusCode.OK, $"re-approving {unit} after the restart: {answer.Status} {answer.Body}");
                }
            }
        }

        foreach (var unit in units)
        {
            var state = await StateAsync(unit);
            Assert.True(state.Status == ReportStatus.Approved, $"{unit}: {state}; {string.Join(" | ", outcomes)}");
        }

        await using var db = Database.Context();
        Assert.Equal(Values * units.Count, await db.DataValues.CountAsync(v => v.Approved));
        Assert.Equal(units.Count, await db.ReportEvents.CountAsync(e => e.Action == nameof(ReportAction.Approve)));
    }

    private sealed record State(ReportStatus Status, int Approved, int ApprovedAudit, int ApproveEvents, int History)
    {
        public override string ToString() => $"{Status}: {Approved} values approved, {ApprovedAudit} audit rows, {ApproveEvents} Approve events, {History} history rows";
    }

    /// <summary>The report of a unit as stored, checked whole: all of the approval or none of it.</summary>
    private async Task<State> StateAsync(string unitCode)
    {
        await using var db = Database.Context();
        var unit = await db.OrgUnits.SingleAsync(u => u.Code == unitCode);
        var report = await db.Reports.SingleAsync(r => r.OrgUnitId == unit.Id);
        var values = db.DataValues.Where(v => v.OrgUnitId == unit.Id);
        var approved = await values.CountAsync(v => v.Approved);
        var ids = await values.Select(v => v.Id).ToListAsync();
        var keys = ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        var audit = (await db.AuditEntries.Where(a => a.Entity == nameof(DataValue) && a.Action == "update").Select(a => a.Key).ToListAsync()).Count(keys.Contains);
        var events = await db.ReportEvents.CountAsync(e => e.ReportId == report.Id && e.Action == nameof(ReportAction.Approve));
        var history = await db.DataValueChanges.CountAsync(c => c.OrgUnitId == unit.Id);
        var state = new State(report.Status, approved, audit, events, history);
        var whole = report.Status switch
        {
            ReportStatus.Approved => approved == Values && audit == Values && events == 1,
            ReportStatus.Submitted => approved == 0 && audit == 0 && events == 0,
            ReportStatus.Draft or ReportStatus.Returned => false,
            _ => false,
        };
        Assert.True(whole, $"report of {unitCode} is half-written: {state}");
        Assert.Equal(Values, history);
        return state;
    }

    /// <summary>One province (official, so the app imports nothing), a form of 1,500 elements, one submitted report per attempt.</summary>
    private async Task<List<string>> ArrangeAsync()
    {
        await using var db = Database.Context();
        db.SkipEntityAudit = true;
        var province = new OrgUnit { Code = "20", Name = "Lạng Sơn", FullName = "Tỉnh Lạng Sơn", Type = "Province", Level = OrgUnitLevel.Province, IsOfficial = true };
        db.OrgUnits.Add(province);
        var communes = new List<OrgUnit>();
        for (var i = 0; i <= KillAfter.Length; i++)
        {
            var commune = new OrgUnit { Code = $"0600{i}", Name = $"Xã {i}", FullName = $"Xã Thử {i}", Type = "Commune", Level = OrgUnitLevel.Commune, IsOfficial = true };
            communes.Add(commune);
            db.OrgUnits.Add(commune);
            db.OrgUnitParents.Add(new OrgUnitParentLink { Child = commune, Parent = province });
        }

        var elements = Enumerable.Range(1, Values).Select(e => new DataElement { Code = $"K{e}", Name = $"Chỉ số {e}", Unit = "đv" }).ToList();
        db.DataElements.AddRange(elements);
        var form = new ReportForm { Code = Form, Name = "Biểu thử duyệt", PeriodType = PeriodType.Quarter, FirstPeriod = Period, NeedsApproval = true };
        form.Items.AddRange(elements.Select((e, i) => new ReportFormItem { DataElement = e, Section = "A", SortOrder = i }));
        form.Units.AddRange(communes.Select(c => new ReportFormUnit { OrgUnit = c }));
        db.ReportForms.Add(form);
        await db.SaveChangesAsync();

        var period = Lodestar.Values.Period.Parse(Period);
        var at = TestTime.Clock.GetUtcNow().UtcDateTime;
        foreach (var commune in communes.Take(KillAfter.Length))
        {
            db.Reports.Add(new Report { FormId = form.Id, OrgUnitId = commune.Id, Period = Period, DueOn = period.End.AddDays(10), Status = ReportStatus.Submitted, SubmittedAt = at, SubmittedBy = "canbo", Version = 2 });
            foreach (var (e, i) in elements.Select((e, i) => (e, i)))
            {
                db.DataValues.Add(new DataValue
                {
                    DataElementId = e.Id, OrgUnitId = commune.Id, Period = Period, PeriodType = PeriodType.Quarter, StartOn = period.Start, EndOn = period.End,
                    Value = i + 0.5, Approved = false,
                });
                db.DataValueChanges.Add(new DataValueChange { DataElementId = e.Id, OrgUnitId = commune.Id, Period = Period, NewValue = i + 0.5, At = at, By = "canbo" });
            }
        }

        await db.SaveChangesAsync();
        return communes.Take(KillAfter.Length).Select(c => c.Code).ToList();
    }

    private static async Task<(HttpStatusCode Status, string Body)> DecideAsync(WebApp app, string token, string unit)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/reports/{Form}/{unit}/{Period}/decision")
        {
            Content = JsonContent.Create(new { action = "Approve" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await app.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
