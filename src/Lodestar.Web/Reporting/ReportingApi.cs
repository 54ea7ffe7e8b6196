using System.Globalization;
using System.Security.Claims;
using System.Text;
using Lodestar.Common;
using Lodestar.Notifications;
using Lodestar.Reporting;
using Lodestar.Spreadsheets;
using Lodestar.Web.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Web.Reporting;

public sealed record ReportValueRequest(string? DataElement, double? Value, string? Comment);

public sealed record ReportSaveRequest(int Version, bool Submit, IReadOnlyList<ReportValueRequest>? Values);

public sealed record ReportDecisionRequest(string? Action, string? Reason);

public sealed record FormItem(string Code, string Name, string? NameEn, string PeriodType, int DueDays, string FirstPeriod, bool NeedsApproval, int Elements, int Units);

public sealed record DueRow(string Form, string OrgUnit, string OrgUnitName, string Period, DateOnly DueOn, string Status, bool Overdue, bool Late, string? Reason);

public sealed record ReminderRequest(string? Form, string? Period, bool Preview);

/// <summary>An account a reminder reaches: <c>email</c> whether it is e-mailed at once, <c>delivery</c> its choice for reminders (in-app, email, daily-summary).</summary>
public sealed record ReminderRecipientDto(string UserName, string FullName, string Role, bool Email, string Delivery);

public sealed record ReminderUnitDto(string OrgUnit, string OrgUnitName, string Status, string Message, IReadOnlyList<ReminderRecipientDto> Recipients);

/// <summary>Who gets what (the preview), and with preview=false how many accounts were reminded.</summary>
public sealed record ReminderResponse(string Form, string Period, DateOnly DueOn, bool Preview, int Sent, IReadOnlyList<ReminderUnitDto> Units);

/// <summary>How many evidence files were attached.</summary>
public sealed record EvidenceAttached(int Attached);

public sealed record ReportSavedResponse(string Status, int Version, IReadOnlyList<string> Warnings);

public static class ReportingApi
{
    public static void MapReportingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Reporting").RequireAuthorization(WebServices.ApiPolicy);
        api.MapGet("/report-forms", FormsAsync).WithSummary("The report forms: period type, due-date rule, approval, counts of elements and reporting units.");
        api.MapPut("/report-forms", DefineAsync)
            .WithSummary("Define a form (the DX office of the province its units are in; administrators): code, name, periodType, dueDays, firstPeriod, needsApproval, items [{dataElement, section, help}], rules [{kind, dataElement, other, op, min, max, tolerance}], units [codes] and/or assignLevel, assignType, assignWithin. Replaces an existing form's items, rules and units.");
        api.MapGet("/reports", DueAsync).WithSummary("Reports of the units in the reader's scope for each form's recent ended periods, with status, overdue and late flags.");
        api.MapGet("/reports/{form}/{unit}/{period}", GetAsync).WithSummary("One report: fields with value, comment, last period's value; status, version, findings, workflow history.");
        api.MapPut("/reports/{form}/{unit}/{period}", SaveAsync)
            .WithSummary("Save the report's values as a draft ({version, submit, values:[{dataElement, value, comment}]}); submit=true submits. 409 when the version is stale.");
        api.MapPost("/reports/{form}/{unit}/{period}/evidence", AttachAsync).DisableAntiforgery()
            .WithSummary("Attach evidence files (multipart 'files': up to 5, 10 MB each; PDF, Word, Excel, images) to a report its unit may still edit; all or nothing.");
        api.MapPost("/reports/{form}/{unit}/{period}/decision", DecideAsync).WithSummary("Approve, Return (reason) or Reopen (reason) a report (DX office above the unit).");
        api.MapPost("/reports/import", ImportAsync).DisableAntiforgery()
            .WithSummary("Bulk import for many units: multipart 'file', an .xlsx in the template's layout or a UTF-8 .csv with the same columns. All or nothing; each problem names sheet, row and column.");
        api.MapGet("/reports/completeness", CompletenessAsync).WithSummary("Per form × period: expected, submitted, on time, approved, returned.");
        api.MapPost("/reports/reminders", RemindAsync)
            .WithSummary("Remind the units of the caller's scope that have not submitted a form's report of a period ({form, period, preview}): their reporting officers and heads, in-app and by e-mail; preview=true answers who would get what and sends nothing. DX office, administrators, and heads for their own units.");
        api.MapGet("/reports/reminders", RemindersAsync).WithSummary("The reminders sent on demand for a form and period (?form=&period=) to the units of the caller's scope: unit, recipient, e-mailed, when, by whom.");
        api.MapGet("/reports/quality", QualityAsync).WithSummary("Per unit: data-quality score and its parts (correct, complete, clean, live) with the counts behind them.");

        api.MapGet("/reports/{form}/{unit}/{period}/receipt.pdf", ReceiptAsync)
            .WithSummary("The receipt of an approved report as a PDF (form, unit, period, values, who submitted and approved, when), signed by the organisation when the deployment has a signing key (LODESTAR_SIGNING_*); 409 while the report is not approved.");
        app.MapGet("/reports/{form}/{unit}/{period}/template.xlsx", TemplateAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/reports/{form}/{unit}/{period}/receipt.pdf", ReceiptAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/reports/export.xlsx", ExportAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/reports/missing.xlsx", MissingAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/reports/evidence/{uid}", EvidenceAsync).RequireAuthorization().ExcludeFromDescription();
    }

    private static async Task<Ok<List<FormItem>>> FormsAsync(ReportingService reporting, CancellationToken ct) =>
        TypedResults.Ok((await reporting.FormsAsync(ct)).ConvertAll(f =>
            new FormItem(f.Code, f.Name, f.NameEn, f.PeriodType.ToString().ToLowerInvariant(), f.DueDays, f.FirstPeriod, f.NeedsApproval, f.Items.Count, f.Units.Count)));

    private static async Task<Results<Ok<FormItem>, ValidationProblem, ProblemHttpResult>> DefineAsync(
        FormInput input, ClaimsPrincipal user, ReportAccess access, ReportFormService forms, ReportingService reporting, CancellationToken ct)
    {
        if (!Lodestar.Accounts.AccessScope.CanEditProgrammes(user))
        {
            return ApiProblems.Forbidden();
        }

        if (!await access.MayDefineAsync(user, input.Code, ct))
        {
            return ApiProblems.NotManaged();
        }

        var outcome = await forms.DefineAsync(input, await access.WithinAsync(user, ct), ct);
        if (!outcome.Succeeded)
        {
            return ApiProblems.Invalid(outcome.Problems);
        }

        var f = (await reporting.FormsAsync(ct)).Single(x => x.Code == outcome.Value);
        return TypedResults.Ok(new FormItem(f.Code, f.Name, f.NameEn, f.PeriodType.ToString().ToLowerInvariant(), f.DueDays, f.FirstPeriod, f.NeedsApproval, f.Items.Count, f.Units.Count));
    }

    private static async Task<Ok<List<DueRow>>> DueAsync(ClaimsPrincipal user, ReportAccess access, ReportingService reporting, CancellationToken ct)
    {
        var due = await reporting.DueAsync(await access.ReportingUnitsAsync(user, ct), access.Today, ct);
        return TypedResults.Ok(due.ConvertAll(d => Row(d, access.Today)));
    }

    private static DueRow Row(DueItem d, DateOnly today) =>
        new(d.FormCode, d.UnitCode, d.UnitName, d.Period.Code, d.DueOn, d.Status?.ToString().ToLowerInvariant() ?? "missing", d.Overdue(today), d.Late, d.Reason);

    private static async Task<Results<Ok<ReportView>, ProblemHttpResult>> GetAsync(
        string form, string unit, string period, ClaimsPrincipal user, ReportAccess access, ReportingService reporting, CancellationToken ct)
    {
        var (c, error) = await access.ResolveAsync(user, form, unit, period, ct);
        if (c is null)
        {
            return error is null ? ApiProblems.Forbidden() : ApiProblems.NotFound(error.Vi, error.En);
        }

        return TypedResults.Ok((await reporting.OpenAsync(c.Form, c.Unit, c.Period, ct))!);
    }

    private static async Task<Results<Ok<ReportSavedResponse>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        string form, string unit, string period, ReportSaveRequest request, ClaimsPrincipal user, ReportAccess access, ReportingService reporting, CancellationToken ct)
    {
        var (c, error) = await access.ResolveAsync(user, form, unit, period, ct);
        if (c is null)
        {
            return error is null ? ApiProblems.Forbidden() : ApiProblems.NotFound(error.Vi, error.En);
        }

        if (!c.CanEnter)
        {
            return ApiProblems.Forbidden();
        }

        var entries = (request.Values ?? []).Select(v => new ReportEntry(v.DataElement, v.Value?.ToString("R", CultureInfo.InvariantCulture), v.Comment)).ToList();
        var outcome = await reporting.SaveAsync(c.Form, c.Unit, c.Period, entries, request.Version, request.Submit, ct);
        if (outcome.Succeeded)
        {
            return TypedResults.Ok(new ReportSavedResponse(outcome.Value!.Status.ToString().ToLowerInvariant(), outcome.Value.Version,
                outcome.Value.Warnings.Select(w => w.Message.ToString()).ToList()));
        }

        if (outcome.Problems.Any(p => p.Field == "version"))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: Text.T("Xung đột chỉnh sửa", "Edit conflict"),
                detail: string.Join(" ", outcome.Problems.Select(p => p.Message.ToString())));
        }

        return ApiProblems.Invalid(outcome.Problems);
    }

    private static async Task<Results<Created<EvidenceAttached>, ValidationProblem, ProblemHttpResult>> AttachAsync(
        string form, string unit, string period, IFormFileCollection? files, ClaimsPrincipal user, ReportAccess access, ReportEvidenceService evidence,
        CancellationToken ct)
    {
        var (c, error) = await access.ResolveAsync(user, form, unit, period, ct);
        if (c is null)
        {
            return error is null ? ApiProblems.Forbidden() : ApiProblems.NotFound(error.Vi, error.En);
        }

        // Like the page: only who may enter the report's values; the service refuses a submitted or approved report.
        if (!c.CanEnter)
        {
            return ApiProblems.Forbidden();
        }

        var outcome = await evidence.AttachAsync(c.Form, c.Unit, c.Period, await Tasks.TasksApi.UploadsAsync(files, ct), ct);
        return outcome.Succeeded
            ? TypedResults.Created($"/api/v1/reports/{form}/{unit}/{period}", new EvidenceAttached(outcome.Value))
            : ApiProblems.Invalid(outcome.Problems);
    }

    private static async Task<Results<Ok<ReminderResponse>, ValidationProblem, ProblemHttpResult>> RemindAsync(
        ReminderRequest request, ClaimsPrincipal user, ReportAccess access, ReportReminderService reminders, CancellationToken ct)
    {
        if (!ReportAccess.MayRemind(user))
        {
            return ApiProblems.Forbidden();
        }

        var units = await access.ReportingUnitsAsync(user, ct);
        var plan = await reminders.PlanAsync(request.Form, request.Period, units, ct);
        if (plan.Value is not { } p)
        {
            return ApiProblems.Invalid(plan.Problems);
        }

        var sent = 0;
        if (!request.Preview)
        {
            var outcome = await reminders.SendAsync(request.Form, request.Period, units, ct);
            if (!outcome.Succeeded)
            {
                return ApiProblems.Invalid(outcome.Problems);
            }

            sent = outcome.Value;
        }

        return TypedResults.Ok(new ReminderResponse(p.FormCode, p.Period.Code, p.DueOn, request.Preview, sent, p.Units.Select(u => new ReminderUnitDto(
            u.UnitCode, u.UnitName, u.Status?.ToString().ToLowerInvariant() ?? "missing", p.MessageFor(u).ToString(),
            u.Recipients.Select(r => new ReminderRecipientDto(r.UserName, r.FullName, r.Role, r.Delivery == NoticeDelivery.Email, ApiCodes.Code(r.Delivery))).ToList())).ToList()));
    }

    private static async Task<Ok<List<ReminderLogItem>>> RemindersAsync(
        string? form, string? period, ClaimsPrincipal user, ReportAccess access, ReportReminderService reminders, CancellationToken ct) =>
        TypedResults.Ok(await reminders.LogAsync(form ?? string.Empty, period ?? string.Empty, await access.ReportingUnitsAsync(user, ct), ct));

    private static async Task<Results<Ok<ReportSavedResponse>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        string form, string unit, string period, ReportDecisionRequest request, ClaimsPrincipal user, ReportAccess access, ReportingService reporting, CancellationToken ct)
    {
        var (c, error) = await access.ResolveAsync(user, form, unit, period, ct);
        if (c is null)
        {
            return error is null ? ApiProblems.Forbidden() : ApiProblems.NotFound(error.Vi, error.En);
        }

        if (!c.CanReview)
        {
            return ApiProblems.Forbidden();
        }

        if (!Enum.TryParse<ReportAction>(request.Action, ignoreCase: true, out var action) || action is ReportAction.Save or ReportAction.Submit)
        {
            return ApiProblems.Invalid("action", "Bước phải là Approve, Return hoặc Reopen.", "The action must be Approve, Return or Reopen.");
        }

        var outcome = await reporting.DecideAsync(c.Form, c.Unit, c.Period, action, request.Reason, ct);
        return outcome.Succeeded ? TypedResults.Ok(new ReportSavedResponse(outcome.Value.ToString().ToLowerInvariant(), 0, []))
            : outcome.Problems.FirstOrDefault(p => p.Field == ReportingService.ApproverField) is { } own ? ApiProblems.Forbidden(own.Message.Vi, own.Message.En)
            : ApiProblems.Invalid(outcome.Problems);
    }

    private static async Task<Results<Ok<ReportImportResult>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        IFormFile? file, ClaimsPrincipal user, ReportAccess access, ReportSheets sheets, CancellationToken ct)
    {
        if (!Lodestar.Accounts.AccessScope.CanEnterData(user))
        {
            return ApiProblems.Forbidden();
        }

        if (file is null)
        {
            return ApiProblems.Invalid("file", "Chọn tệp .xlsx hoặc .csv.", "Choose an .xlsx or .csv file.");
        }

        await using var stream = file.OpenReadStream();
        var parsed = file.FileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? await ReportCsv.ParseAsync(stream, ct) : ReportSheets.Parse(stream);
        if (!parsed.Succeeded)
        {
            return ApiProblems.Invalid(parsed.Problems);
        }

        var outcome = await sheets.ImportAsync(parsed.Value!, null, access.MayWrite(user), ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : ApiProblems.Invalid(outcome.Problems);
    }

    private static async Task<Ok<List<Completeness>>> CompletenessAsync(ClaimsPrincipal user, ReportAccess access, ReportQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.CompletenessAsync(await access.ReportingUnitsAsync(user, ct), access.Today, ct));

    private static async Task<Ok<List<UnitQuality>>> QualityAsync(ClaimsPrincipal user, ReportAccess access, ReportQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.QualityAsync(await access.ReportingUnitsAsync(user, ct), access.Today, ct));

    private static async Task<IResult> TemplateAsync(
        string form, string unit, string period, ClaimsPrincipal user, ReportAccess access, ReportingService reporting, CancellationToken ct)
    {
        var (c, error) = await access.ResolveAsync(user, form, unit, period, ct);
        if (c is null)
        {
            return error is null ? ApiProblems.Forbidden() : ApiProblems.NotFound(error.Vi, error.En);
        }

        var view = (await reporting.OpenAsync(c.Form, c.Unit, c.Period, ct))!;
        return TypedResults.File(ReportSheets.Write([view]), XlsxWriter.ContentType, $"bao-cao-{c.Form.Code}-{c.Unit.Code}-{c.Period.Code}.xlsx");
    }

    /// <summary>
    /// The receipt of an approved report, made and signed at each download (the signature's time is the receipt's). With
    /// personal signatures on (LODESTAR_SIGNING_PERSONAL) and a certificate kept by the approver, the approver signs and
    /// the organisation signs after them; otherwise the organisation signs with the approver's name in the reason.
    /// </summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ReceiptAsync(
        string form, string unit, string period, ClaimsPrincipal user, ReportAccess access, ReportingService reporting, Lodestar.Signing.DocumentSigner signer,
        Lodestar.Signing.PersonalCertificateService personal, Lodestar.Data.LodestarDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (c, error) = await access.ResolveAsync(user, form, unit, period, ct);
        if (c is null)
        {
            return error is null ? ApiProblems.Forbidden() : ApiProblems.NotFound(error.Vi, error.En);
        }

        var view = (await reporting.OpenAsync(c.Form, c.Unit, c.Period, ct))!;
        if (view.Status != ReportStatus.Approved)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: Text.T("Báo cáo chưa được duyệt", "The report is not approved"),
                detail: Text.T("Chỉ báo cáo đã duyệt mới có biên nhận.", "Only an approved report has a receipt."));
        }

        var pdf = ReportReceipt.Write(view, clock.GetUtcNow().UtcDateTime);
        var approverName = ReportReceipt.Approver(view);
        using var approver = await personal.KeyOfAsync(approverName, ct);

        // Without the approver's own signature the organisation signs for them, naming them as the pack's reason does: full name (account).
        var fullName = await db.Users.Where(u => u.UserName == approverName).Select(u => u.FullName).FirstOrDefaultAsync(ct);
        var who = string.IsNullOrWhiteSpace(fullName) ? approverName : $"{fullName} ({approverName})";
        var signed = await signer.SignAsync(pdf, approver,
            new Lodestar.Signing.SignatureIntent($"Duyệt báo cáo {view.FormCode} kỳ {view.Period.Code} của {view.UnitName}"),
            new Lodestar.Signing.SignatureIntent($"Biên nhận báo cáo {view.FormCode} kỳ {view.Period.Code} của {view.UnitName} đã duyệt; người duyệt: {who}"), ct);
        return TypedResults.File(signed, ReportReceipt.ContentType, $"bien-nhan-{c.Form.Code}-{c.Unit.Code}-{c.Period.Code}.pdf");
    }

    /// <summary>Every report of a form and period in the reader's scope, in the upload layout (so it is also a bulk template).</summary>
    private static async Task<IResult> ExportAsync(
        string? form, string? period, ClaimsPrincipal user, ReportAccess access, ReportingService reporting, Lodestar.Data.LodestarDbContext db, CancellationToken ct)
    {
        var f = form is null ? null : await reporting.FormAsync(form, ct);
        if (f is null || !Values.Period.TryParse(period, out var p) || p.Type != f.PeriodType)
        {
            return ApiProblems.Invalid("form", "Chọn biểu mẫu và kỳ hợp lệ (ví dụ form=CDS-XA-QUY&period=2026Q3).", "Give a form and a valid period (e.g. form=CDS-XA-QUY&period=2026Q3).");
        }

        var views = new List<ReportView>();
        foreach (var id in await access.ReportingUnitsAsync(user, ct))
        {
            if (await reporting.IsAssignedAsync(f.Id, id, ct) && await db.OrgUnits.FindAsync([id], ct) is { } u)
            {
                views.Add((await reporting.OpenAsync(f, u, p, ct))!);
            }
        }

        if (views.Count == 0)
        {
            return ApiProblems.NotFound("Không có đơn vị nào trong phạm vi của bạn báo cáo biểu mẫu này.", "No unit in your scope reports this form.");
        }

        return TypedResults.File(ReportSheets.Write([.. views.OrderBy(v => v.UnitCode, StringComparer.Ordinal)]), XlsxWriter.ContentType, $"bao-cao-{f.Code}-{p.Code}.xlsx");
    }

    private static async Task<IResult> EvidenceAsync(
        string uid, ClaimsPrincipal user, ReportEvidenceService evidence, Lodestar.Accounts.AccessScope scope, CancellationToken ct)
    {
        if (await evidence.FindAsync(uid, ct) is not { } found)
        {
            return ApiProblems.EvidenceNotFound();
        }

        return await scope.CanSeeAsync(user, found.UnitId, Values.Period.Parse(found.Period).End, ct)
            ? TypedResults.File(File.OpenRead(found.Path), EvidenceFiles.ContentTypeOf(found.Evidence.FileName), found.Evidence.FileName)
            : ApiProblems.EvidenceNotFound();
    }

    private static async Task<IResult> MissingAsync(ClaimsPrincipal user, ReportAccess access, ReportQueries queries, CancellationToken ct)
    {
        var today = access.Today;
        var missing = await queries.MissingAsync(await access.ReportingUnitsAsync(user, ct), today, ct);
        var sheet = new XlsxSheet(Text.T("Chưa nộp", "Not submitted"),
        [
            new(Text.T("Mã đơn vị", "Unit code"), Width: 14), new(Text.T("Đơn vị", "Unit"), Width: 40), new(Text.T("Biểu mẫu", "Form"), Width: 16),
            new(Text.T("Kỳ", "Period"), Width: 10), new(Text.T("Hạn nộp", "Due"), XlsxKind.Date), new(Text.T("Số ngày quá hạn", "Days overdue"), XlsxKind.WholeNumber),
            new(Text.T("Trạng thái", "Status"), Width: 18),
        ]);
        foreach (var d in missing.OrderByDescending(d => today.DayNumber - d.DueOn.DayNumber).ThenBy(d => d.UnitCode, StringComparer.Ordinal))
        {
            sheet.Add(d.UnitCode, d.UnitName, d.FormCode, d.Period.Code, d.DueOn, today.DayNumber - d.DueOn.DayNumber, ReportText.Status(d.Status));
        }

        return TypedResults.File(XlsxWriter.Write(sheet), XlsxWriter.ContentType, $"chua-nop-bao-cao-{today.ToIso()}.xlsx");
    }
}

/// <summary>
/// CSV in the template's columns (UTF-8, comma-separated, RFC 4180 quotes), read with the shared <see cref="CsvRows"/>
/// into the same rows as a workbook: quoted commas, quotes and line breaks, a byte-order mark and old Mac line ends are
/// read as the values and the CLI's imports read them; a quote never closed names its line.
/// </summary>
public static class ReportCsv
{
    public static async Task<Outcome<List<SheetRow>>> ParseAsync(Stream stream, CancellationToken ct = default)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(ct);
        if (text.Length > ReportSheets.MaxBytes)
        {
            return Outcome<List<SheetRow>>.Fail("file", "Tệp lớn hơn giới hạn 5 MB.", "The file is larger than the 5 MB limit.");
        }

        var rows = new List<SheetRow>();
        var problems = new List<Problem>();
        var header = true;
        try
        {
            await foreach (var (line, fields) in CsvRows.ReadAsync(new StringReader(text), ct))
            {
                var c = fields.Select(x => x.Trim().Normalize(NormalizationForm.FormC)).ToList();
                if (header)
                {
                    header = false;
                    if (!c.SequenceEqual(ReportSheets.Headers))
                    {
                        return Outcome<List<SheetRow>>.Fail("csv!1", $"Dòng 1 phải là tiêu đề: {string.Join(",", ReportSheets.Headers)}.", $"Line 1 must be the header: {string.Join(",", ReportSheets.Headers)}.");
                    }

                    continue;
                }

                if (c.All(string.IsNullOrEmpty))
                {
                    continue;
                }

                string Cell(int n) => n < c.Count ? c[n] : string.Empty;
                var value = Cell(ReportSheets.ValueColumn);
                if (value.Length > 0 && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    problems.Add(new Problem($"csv!{line}", new Msg($"Dòng {line}, cột Giá trị: '{value}' không phải là số (dùng dấu chấm thập phân).", $"Line {line}, column Value: '{value}' is not a number (use a decimal point).")));
                }

                var comment = Cell(ReportSheets.CommentColumn);
                if (TextFold.LooksLikeMarkup(comment))
                {
                    problems.Add(new Problem($"csv!{line}", new Msg($"Dòng {line}, cột Ghi chú: không được chứa mã HTML.", $"Line {line}, column Comment: must not contain HTML.")));
                }

                rows.Add(new SheetRow(line, Cell(0), Cell(1), Cell(2), Cell(3), value.Length == 0 ? null : value, comment.Length == 0 ? null : comment));
            }
        }
        catch (CsvFormatException e)
        {
            return Outcome<List<SheetRow>>.Fail([new Problem($"csv!{e.Line}", e.Problem)]);
        }

        return header ? Outcome<List<SheetRow>>.Fail("csv!1", "Tệp trống.", "The file is empty.")
            : problems.Count > 0 ? Outcome<List<SheetRow>>.Fail(problems) : Outcome<List<SheetRow>>.Ok(rows);
    }
}
