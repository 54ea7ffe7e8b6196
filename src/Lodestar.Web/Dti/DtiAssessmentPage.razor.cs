using System.Security.Claims;
using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.Dti;
using Lodestar.OrgUnits;
using Lodestar.Web.Common;
using Lodestar.Web.Programmes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.Dti;

/// <summary>
/// A unit's DTI self-assessment of a framework and year through its workflow: the unit (or the DX office) fills and submits
/// it with evidence, the DX office reviews each item, the council confirms, the DX office publishes. Each step is a form
/// posted back here; the rows and tables are DtiFillRow and DtiItemsTable.
/// </summary>
public sealed partial class DtiAssessmentPage
{
    [Parameter] public string Framework { get; set; } = "";
    [Parameter] public int Year { get; set; }
    [Parameter] public string Code { get; set; } = "";
    [SupplyParameterFromQuery] public string? Done { get; set; }
    [SupplyParameterFromForm(FormName = "fill")] private FillInput? Fill { get; set; }
    [SupplyParameterFromForm(FormName = "evidence")] private AttachInput? Attach { get; set; }
    [SupplyParameterFromForm(FormName = "review")] private ReviewInput? Review { get; set; }
    [SupplyParameterFromForm(FormName = "decide")] private DecideInput? Decide { get; set; }
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = null!;
    [CascadingParameter] private HttpContext Http { get; set; } = null!;

    private DtiFramework? _f;
    private OrgUnit? _unit;
    private DtiAssessment? _a;
    private ClaimsPrincipal _user = new();
    private string? _error;
    private string? _message;
    private bool _fillable, _reviewable, _canConfirm, _canPublish, _office;
    private readonly List<string> _problems = [];
    private IFormCollection? _form;

    public sealed class FillInput { public string? Go { get; set; } public bool Submit { get; set; } }
    public sealed class AttachInput { public string? Go { get; set; } public string? Node { get; set; } }
    public sealed class ReviewInput { public string? Go { get; set; } public bool AcceptRest { get; set; } }
    public sealed class DecideInput { public string? Action { get; set; } }

    private string Here => $"/dti/{Uri.EscapeDataString(Framework)}/{Year}/units/{Uri.EscapeDataString(Code)}/assessment";

    protected override async Task OnInitializedAsync()
    {
        _user = (await AuthState).User;
        _f = await Queries.FrameworkAsync(Framework);
        if (_f is null || !_f.AppliesTo(Year))
        {
            _error = T($"Bộ chỉ số '{Framework}' không áp dụng cho năm {Year}.", $"Framework '{Framework}' does not apply to {Year}.");
            PageStatus.NotFound(Http);
            return;
        }

        _unit = await Queries.UnitAsync(_f, Year, Code);
        if (_unit is null)
        {
            _error = T($"Không có đơn vị '{Code}' thuộc cấp của bộ chỉ số.", $"No unit '{Code}' at the framework's level.");
            PageStatus.NotFound(Http);
            return;
        }

        if (!await Scope.CanSeeAsync(_user, _unit.Id, Dates.Today(Clock)))
        {
            _error = T("Đơn vị này nằm ngoài phạm vi tài khoản của bạn.", "This unit is outside your account's scope.");
            Http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        await LoadAsync();
        if (_a?.State == AssessmentState.Draft && !_own && !_office)
        {
            // A draft is the unit's own business (and the DX office's).
            _error = T($"Đơn vị {_unit.Name} chưa nộp bản tự đánh giá năm {Year}.", $"{_unit.Name} has not submitted its self-assessment for {Year}.");
            PageStatus.NotFound(Http);
            return;
        }

        _message = Done switch
        {
            "save" => T("Đã lưu nháp.", "Draft saved."),
            "submit" => T("Đã nộp bản tự đánh giá để thẩm tra.", "Self-assessment submitted for review."),
            "attach" => T("Đã đính kèm tệp minh chứng.", "Evidence attached."),
            "review" => T("Đã lưu kết quả thẩm tra.", "Review saved."),
            "confirm" => T("Hội đồng đã xác nhận kết quả; bản đánh giá đã khóa.", "The council confirmed the result; the assessment is locked."),
            "publish" => T("Đã công bố kết quả.", "Result published."),
            _ => null,
        };
    }

    private bool _own;

    private async Task LoadAsync()
    {
        _a = await Workflow.FindAsync(_f!.Id, Year, _unit!.Id);
        _own = AccessScope.ScopeUnitId(_user) == _unit.Id;
        // The DX office acts only under a framework it manages (its province's), and never reviews its own unit (separation of duties).
        _office = await Scope.MayManageAsync(_user, _f.ProvinceId, Dates.Today(Clock));
        _fillable = DtiWorkflow.IsEditable(_a) && _a?.Origin != AssessmentOrigin.Published
            && ((_own && DtiWorkflowApi.MayFill(_user)) || (_office && _a?.State is null or AssessmentState.Draft));
        _reviewable = _office && !_own && _a?.State is AssessmentState.Submitted or AssessmentState.Reviewed && !_fillable;
        _canConfirm = _user.IsInRole(Roles.SteeringMember) && _a?.State == AssessmentState.Reviewed;
        _canPublish = _office && _a?.State == AssessmentState.Confirmed;
    }

    private IEnumerable<DtiNode> Mains() => _f!.Nodes.Where(n => n.Kind == NodeKind.Main && _f.Nodes.Any(c => c.ParentCode == n.Code && c.Kind == NodeKind.Component)).OrderBy(n => n.SortOrder);

    private IEnumerable<DtiNode> Components(string main) => _f!.Nodes.Where(n => n.ParentCode == main && n.Kind == NodeKind.Component).OrderBy(n => n.SortOrder);

    private DtiItem? Item(string node) => _a?.Items.FirstOrDefault(i => i.NodeCode == node);

    private static string Short(string s) => s.Length > 70 ? s[..70] + "…" : s;

    private static string StateCss(AssessmentState? s) => s switch
    {
        AssessmentState.Published or AssessmentState.Confirmed => "status achieved",
        AssessmentState.Reviewed or AssessmentState.Submitted => "status on-track",
        AssessmentState.Draft => "status no-data",
        null => "status no-data",
        _ => "status no-data",
    };

    private double? Number(string field, string label)
    {
        var text = _form![field].ToString().Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (ProgressView.TryParseInput(text, out var v))
        {
            return v;
        }

        _problems.Add(T($"{label}: '{text}' không phải là số (viết như 1.234,5).", $"{label}: '{text}' is not a number (write it as 1,234.5)."));
        return null;
    }

    private async Task SaveAsync()
    {
        if (!_fillable)
        {
            Http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        _form = await Http.Request.ReadFormAsync();
        var entries = new List<ItemEntry>();
        foreach (var n in _f!.Nodes.Where(n => n.Kind == NodeKind.Component && DtiWorkflow.IsEditable(_a, n.Code)).OrderBy(n => n.SortOrder))
        {
            var a = Number("a." + n.Code, n.Code);
            var b = n.Rule == RuleKind.Ratio ? Number("b." + n.Code, n.Code + " b") : null;
            var note = _form["n." + n.Code].ToString();
            if (a is null && b is null && string.IsNullOrWhiteSpace(note) && Item(n.Code) is null)
            {
                continue;
            }

            entries.Add(new ItemEntry(n.Code, a, b, note));
        }

        if (_problems.Count == 0)
        {
            var outcome = await Workflow.SaveAsync(_f, Year, _unit!.Id, entries, Fill?.Submit == true);
            if (outcome.Succeeded)
            {
                Nav.NavigateTo($"{Here}?done={(Fill?.Submit == true ? "submit" : "save")}", forceLoad: true);
                return;
            }

            _problems.AddRange(outcome.Problems.Select(p => p.Message.ToString()));
            await LoadAsync();
        }

        Http.Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    private async Task AttachAsync()
    {
        if (!_fillable)
        {
            Http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        var files = await Lodestar.Web.Tasks.TasksApi.UploadsAsync((await Http.Request.ReadFormAsync()).Files.GetFiles("files"), Http.RequestAborted);
        var outcome = await Workflow.AttachAsync(_f!, Year, _unit!.Id, Attach?.Node, files);
        if (outcome.Succeeded)
        {
            Nav.NavigateTo($"{Here}?done=attach#item-{Attach?.Node}", forceLoad: true);
            return;
        }

        _problems.AddRange(outcome.Problems.Select(p => p.Message.ToString()));
        Http.Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    private async Task ReviewAsync()
    {
        if (!_reviewable)
        {
            Http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        _form = await Http.Request.ReadFormAsync();
        var entries = new List<ReviewEntry>();
        foreach (var item in _a!.Items.OrderBy(i => i.NodeCode, StringComparer.Ordinal))
        {
            var decision = _form["d." + item.NodeCode].ToString();
            if (decision.Length == 0)
            {
                if (Review?.AcceptRest == true && item.Review == ItemReview.Pending)
                {
                    entries.Add(new ReviewEntry(item.NodeCode, "accept", null, null, null));
                }

                continue;
            }

            entries.Add(new ReviewEntry(item.NodeCode, decision, Number("va." + item.NodeCode, item.NodeCode + " a"), Number("vb." + item.NodeCode, item.NodeCode + " b"), _form["r." + item.NodeCode].ToString()));
        }

        if (_problems.Count == 0 && entries.Count == 0)
        {
            _problems.Add(T("Chưa chọn quyết định nào.", "No decision chosen."));
        }

        if (_problems.Count == 0)
        {
            var outcome = await Workflow.ReviewAsync(_f!, Year, _unit!.Id, entries);
            if (outcome.Succeeded)
            {
                Nav.NavigateTo($"{Here}?done=review", forceLoad: true);
                return;
            }

            _problems.AddRange(outcome.Problems.Select(p => p.Message.ToString()));
            await LoadAsync();
        }

        Http.Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    private async Task DecideAsync()
    {
        var confirm = Decide?.Action == "confirm";
        if (confirm ? !_canConfirm : !_canPublish)
        {
            _problems.Add(confirm ? T("Chỉ Hội đồng thẩm định xác nhận kết quả đã thẩm tra.", "Only the appraisal council confirms a reviewed result.")
                : T("Chỉ Văn phòng CĐS công bố kết quả đã được xác nhận.", "Only the DX office publishes a confirmed result."));
            Http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        var outcome = confirm ? await Workflow.ConfirmAsync(_f!, Year, _unit!.Id) : await Workflow.PublishAsync(_f!, Year, _unit!.Id);
        if (outcome.Succeeded)
        {
            Nav.NavigateTo($"{Here}?done={(confirm ? "confirm" : "publish")}", forceLoad: true);
            return;
        }

        _problems.AddRange(outcome.Problems.Select(p => p.Message.ToString()));
        Http.Response.StatusCode = StatusCodes.Status400BadRequest;
    }
}
