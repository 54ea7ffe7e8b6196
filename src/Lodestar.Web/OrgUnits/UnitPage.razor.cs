using Lodestar.Accounts;
using Lodestar.Common;
using Lodestar.OrgUnits;
using Lodestar.People;
using Lodestar.Progress;
using Lodestar.Values;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.OrgUnits;

/// <summary>
/// A unit on a date: its facts, head, reorganisations, teams, targets and units below (each a component of its own), and
/// the forms of the organisation's editors (appoint, add a position, add a village or agency, rename), posted back here.
/// </summary>
public sealed partial class UnitPage
{
    [Parameter] public string Code { get; set; } = string.Empty;
    [SupplyParameterFromQuery(Name = "asOf")] public string? AsOf { get; set; }
    [SupplyParameterFromQuery(Name = "saved")] public bool Saved { get; set; }
    [SupplyParameterFromForm(FormName = "appoint")] private AppointInput? Appoint { get; set; }
    [SupplyParameterFromForm(FormName = "position")] private PositionInput? NewPosition { get; set; }
    [SupplyParameterFromForm(FormName = "child")] private ChildInput? Child { get; set; }
    [SupplyParameterFromForm(FormName = "rename")] private RenameInput? Rename { get; set; }
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = null!;
    [CascadingParameter] private HttpContext Http { get; set; } = null!;

    private DateOnly _date;
    private OrgUnitDetail? _unit;
    private HeadTerm? _head;
    private List<HeadTerm> _history = [];
    private Lineage _lineage = new([], []);
    private List<OrgUnitItem> _children = [];
    private int _childrenTotal;
    private TeamCounts? _teams;
    private List<TeamView> _ownTeams = [];
    private List<PositionView> _positions = [];
    private List<(TargetInfo Target, ProgressResult Result, Period? AsOf)> _targets = [];
    private Period _targetPeriod;
    private bool _canEdit;
    private bool _saved;
    private string? _error;
    private List<Problem> _problems = [];

    private const int ChildrenShown = 300;

    protected override async Task OnInitializedAsync()
    {
        Appoint ??= new();
        NewPosition ??= new();
        Child ??= new();
        Rename ??= new();
        _saved = Saved;
        _date = Dates.Today(Clock);
        if (!string.IsNullOrWhiteSpace(AsOf) && !Dates.TryParseInput(AsOf, out _date))
        {
            _error = T($"'{AsOf}' không phải là ngày hợp lệ.", $"'{AsOf}' is not a valid date.");
            Http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        _unit = await Queries.GetAsync(Code, _date);
        var user = (await AuthState).User;
        if (_unit is null)
        {
            _error = T($"Không có đơn vị mã {Code} vào ngày {Date(_date)}.", $"No unit has code {Code} on {Date(_date)}.");
            Http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!await Scope.CanSeeAsync(user, _unit.Id, _date))
        {
            _error = T("Đơn vị này nằm ngoài phạm vi tài khoản của bạn.", "This unit is outside your account's scope.");
            _unit = null;
            Http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        // Visibility was just checked; editing only adds the role.
        _canEdit = AccessScope.CanEditOrganisation(user);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var id = _unit!.Id;
        _history = await Queries.HeadHistoryAsync(id);
        _head = _history.FirstOrDefault(t => t.From <= _date && (t.To is null || t.To >= _date));
        _lineage = await Queries.LineageAsync(id);
        var children = await Queries.ListAsync(new OrgUnitFilter(_date, ParentId: id, PageSize: ChildrenShown));
        _children = children.Items.ToList();
        _childrenTotal = children.Total;
        _positions = await People.PositionsAsync(id);
        _targetPeriod = Period.OfYear(_date.Year);
        _targets = await Progress.CarriedAtUnitAsync(id, _date, _targetPeriod);
        var level = _unit.Unit.Level;
        if (level is OrgUnitLevel.Province or OrgUnitLevel.Commune or OrgUnitLevel.Village)
        {
            _teams = await Queries.TeamCountsAsync(await Queries.SubtreeIdsAsync(id, _date), _date);
            _ownTeams = await Queries.TeamsAsync(id, _date);
        }
    }

    private async Task AppointAsync()
    {
        if (!_canEdit)
        {
            return;
        }

        var position = _positions.FirstOrDefault(p => p.Uid == Appoint!.PositionUid);
        if (position is null || !Dates.TryParseInput(Appoint!.StartOn, out var start))
        {
            _problems = [new Problem("startOn", new Msg("Chọn chức vụ và nhập ngày bắt đầu hợp lệ.", "Choose a position and enter a valid start date."))];
            return;
        }

        var within = await Scope.VisibleIdsAsync((await AuthState).User, Dates.Today(Clock));
        var outcome = await People.AppointAsync(position.Id, Appoint.Person ?? string.Empty, start, Appoint.Note, Appoint.PersonUid, within);
        if (!outcome.Succeeded)
        {
            _problems = outcome.Problems.ToList();
            return;
        }

        Nav.NavigateTo($"/units/{Uri.EscapeDataString(Code)}?asOf={_date.ToIso()}&saved=true#head");
    }

    private async Task AddPositionAsync()
    {
        if (!_canEdit)
        {
            return;
        }

        var outcome = await People.AddPositionAsync(_unit!.Id, NewPosition!.Title ?? string.Empty, null, NewPosition.IsHead);
        if (!outcome.Succeeded)
        {
            _problems = outcome.Problems.ToList();
            return;
        }

        Nav.NavigateTo($"/units/{Uri.EscapeDataString(Code)}?asOf={_date.ToIso()}&saved=true#positions");
    }

    private static readonly string[] AgencyTypes = ["Sở", "Ban", "Cơ quan", "Văn phòng", "Đơn vị sự nghiệp"];
    private static readonly string[] VillageTypes = ["Thôn", "Bản", "Tổ dân phố", "Ấp", "Khu phố"];

    private static readonly Dictionary<string, object> DateAttributes = new()
    {
        ["placeholder"] = "dd/mm/yyyy",
        ["inputmode"] = "numeric",
        ["pattern"] = @"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}",
    };

    /// <summary>What a province (agencies) or a commune (villages) may add below itself; null elsewhere.</summary>
    private OrgUnitLevel? ChildLevel => _unit?.Unit.Level is OrgUnitLevel.Province ? OrgUnitLevel.Agency
        : _unit?.Unit.Level is OrgUnitLevel.Commune ? OrgUnitLevel.Village
        : null;

    private async Task AddChildAsync()
    {
        if (!_canEdit || ChildLevel is not { } level)
        {
            return;
        }

        if (!Dates.TryParseInput(Child!.ValidFrom, out var from))
        {
            _problems = [new Problem("validFrom", new Msg("Nhập ngày có hiệu lực dạng dd/mm/yyyy.", "Enter the start date as dd/mm/yyyy."))];
            return;
        }

        var name = TextFold.Clean(Child.Name);
        var type = Child.Type ?? string.Empty;
        var fullName = level == OrgUnitLevel.Village ? $"{type} {name}" : name;
        var outcome = await Units.AddAsync(new NewUnit(Child.Code ?? string.Empty, name, fullName, type, level, _unit!.Id, from));
        if (!outcome.Succeeded)
        {
            _problems = outcome.Problems.ToList();
            return;
        }

        Nav.NavigateTo($"{Link(outcome.Value!.Code, from < _date ? _date : from)}&saved=true");
    }

    private async Task RenameAsync()
    {
        if (!_canEdit)
        {
            return;
        }

        var outcome = await Units.RenameAsync(_unit!.Id, Rename!.Name ?? string.Empty, Rename.FullName ?? string.Empty, Rename.Version);
        if (!outcome.Succeeded)
        {
            _problems = outcome.Problems.ToList();
            return;
        }

        Nav.NavigateTo($"{Link(Code, _date)}&saved=true");
    }

    private sealed class ChildInput
    {
        public string? Type { get; set; }
        public string? Name { get; set; }
        public string? Code { get; set; }
        public string? ValidFrom { get; set; }
    }

    private sealed class RenameInput
    {
        public string? Name { get; set; }
        public string? FullName { get; set; }
        public int Version { get; set; }
    }

    internal static string Link(string code, DateOnly date) => $"/units/{Uri.EscapeDataString(code)}?asOf={date.ToIso()}";

    private sealed class AppointInput
    {
        public string? PositionUid { get; set; }
        public string? Person { get; set; }
        public string? PersonUid { get; set; }
        public string? StartOn { get; set; }
        public string? Note { get; set; }
    }

    private sealed class PositionInput
    {
        public string? Title { get; set; }
        public bool IsHead { get; set; }
    }
}
