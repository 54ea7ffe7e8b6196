namespace Lodestar.Tests.Architecture;

/// <summary>
/// Which feature of the domain library may use which (docs/architecture.md): read from the compiled code, so a new
/// dependency is a change to this table that a reviewer sees, and an edge that disappears is struck from it.
/// </summary>
public sealed class FeatureDependencyTests
{
    /// <summary>
    /// Data (the DbContext maps every feature's entities) and Setup (wires every service) are left out: they are the
    /// composition. Edges marked "debt" are ones we would remove; the comment says why they are there.
    /// </summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Common"] = ["Data", "Setup",
            "Dti", "Reporting", "Tasks"], // debt: EvidenceQuota sums the evidence files of reports, tasks and DTI assessments
        ["Spreadsheets"] = ["Common"],
        ["Audit"] = ["Common"],
        ["People"] = ["Common", "Data", "OrgUnits", "Spreadsheets"], // teams and members read from .xlsx
        ["OrgUnits"] = ["Audit", "Common", "Data", "People"],
        ["Accounts"] = ["Audit", "Common", "Data", "OrgUnits", "Spreadsheets"],
        ["Values"] = ["Common", "Data", "OrgUnits",
            "Reporting"], // debt: ReportGate places a value a report form collects into that report's draft
        ["Analytics"] = ["Common", "Data", "OrgUnits", "Values"],
        ["Programmes"] = ["Common", "Data", "OrgUnits", "People", "Progress", "Values"],
        ["Progress"] = ["Common", "Data", "OrgUnits", "Programmes", "Values"],
        ["Reporting"] = ["Accounts", "Common", "Data", "Notifications", "OrgUnits", "Setup", "Spreadsheets", "Values",
            "Connectors"], // WebhookOutbox: an approval queues its webhook deliveries in its own transaction
        ["Tasks"] = ["Accounts", "Common", "Data", "Notifications", "OrgUnits", "People", "Programmes", "Setup", "Spreadsheets",
            "Connectors"], // WebhookOutbox: a task found overdue queues its webhook deliveries in the daily job's save
        ["Dti"] = ["Common", "Data", "OrgUnits", "People", "Setup", "Spreadsheets", "Values"],
        ["Notifications"] = ["Accounts", "Common", "Data", "OrgUnits", "Reporting", "Tasks", "Values", "Work"],
        ["Work"] = ["Accounts", "Common", "Data", "Dti", "OrgUnits", "People", "Progress", "Reporting", "Tasks", "Values"], // my work and the review queue gather every feature's waiting items
        ["Scorecards"] = ["Common", "Data", "Dti", "OrgUnits", "People", "Progress", "Reporting", "Setup", "Spreadsheets", "Tasks", "Values"],
        ["Publishing"] = ["Audit", "Common", "Data", "Dti", "OrgUnits", "Programmes", "Progress", "Values",
            "Connectors"], // WebhookOutbox: a publication queues its webhook deliveries in its own save
        ["Maps"] = ["Common", "Data", "Dti", "OrgUnits", "Programmes", "Progress", "Reporting", "Tasks", "Values"],
        ["Steering"] = ["Audit", "Common", "Data", "Dti", "OrgUnits", "People", "Programmes", "Progress", "Reporting", "Tasks", "Values"],
        ["Operations"] = ["Accounts", "Common", "Data", "Demo", "Dti", "OrgUnits", "People", "Programmes", "Setup", "Tasks", "Values"],
        ["Connectors"] = ["Accounts", "Common", "Data", "Notifications", "OrgUnits", "Values",
            "Operations", // JobLease: one run of a connector at a time across instances
            "Spreadsheets"], // unit and period code tables read from .xlsx
        ["Reorganisations"] = ["Accounts", "Audit", "Common", "Data", "Dti", "Notifications", "OrgUnits", "People", "Programmes", "Reporting", "Spreadsheets", "Tasks", "Values"], // carries what hangs on a closing unit to its successor; reads a decision from .xlsx
        ["Demo"] = ["Accounts", "Audit", "Common", "Data", "Dti", "OrgUnits", "People", "Programmes", "Tasks", "Values"],
        ["Signing"] = ["Accounts", "Common", "Data", "Setup"],
    };

    private static readonly string[] Composition = ["Data", "Setup"];

    private static Dictionary<string, SortedSet<string>> Graph() =>
        FeatureGraph.Of(typeof(global::Lodestar.Data.LodestarDbContext).Assembly, "Lodestar");

    [Fact]
    public void EveryFeature_UsesOnlyWhatTheTableAllows_AndTheTableHoldsNoStaleEdge()
    {
        var graph = Graph();
        var unexpected = graph.Where(g => !Composition.Contains(g.Key))
            .SelectMany(g => g.Value.Where(to => !(Allowed.TryGetValue(g.Key, out var ok) && ok.Contains(to))).Select(to => $"{g.Key} → {to}")).ToList();
        var stale = Allowed.SelectMany(a => a.Value.Where(to => !(graph.TryGetValue(a.Key, out var used) && used.Contains(to))).Select(to => $"{a.Key} → {to}")).ToList();

        Assert.True(unexpected.Count == 0, "New dependencies between features (decide, then add them to the table): " + string.Join(", ", unexpected));
        Assert.True(stale.Count == 0, "Dependencies no longer used (strike them from the table): " + string.Join(", ", stale));
    }

    [Fact]
    public void TheDemo_IsData_NoFeatureButTheCompositionAndOperationsUsesIt()
    {
        var users = Graph().Where(g => g.Value.Contains("Demo")).Select(g => g.Key).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["Operations", "Setup"], users);
    }

    [Fact]
    public void TheFoundations_UseNothingButCommon()
    {
        var graph = Graph();

        Assert.Equal(["Common"], graph["Spreadsheets"]);
        Assert.Equal(["Common"], graph["Audit"]);
    }
}
