using Lodestar.Setup;
using Microsoft.AspNetCore.Identity;
using Lodestar.Web;
using Lodestar.Web.Accounts;
using Lodestar.Web.Audit;
using Lodestar.Web.Auth;
using Lodestar.Web.Components;
using Lodestar.Web.OrgUnits;
using Lodestar.Web.People;
using Lodestar.Web.Programmes;
using Lodestar.Web.Reporting;
using Lodestar.Web.Tasks;
using Lodestar.Web.Dti;
using Lodestar.Web.Operations;
using Lodestar.Web.Publishing;
using Lodestar.Web.Maps;
using Lodestar.Web.Scorecards;
using Lodestar.Web.Steering;
using Lodestar.Web.Analytics;
using Lodestar.Web.Work;
using Lodestar.Web.Notifications;
using Lodestar.Web.Signing;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseLodestarDefaultUrl();
builder.Logging.UseLodestarLogFormat(builder.Configuration);
builder.Services.AddLodestar(builder.Configuration).AddSignInManager();
builder.Services.AddLodestarWeb(builder.Configuration);
builder.Services.AddLodestarPublic();

var app = builder.Build();

app.UseLodestarPipeline();
app.UseLodestarPublic();
app.MapHealthChecks("/healthz");
app.MapMetrics();
app.MapOpenApi();
app.MapAuthApi();
app.MapOrgUnitsApi();
app.MapPeopleApi();
app.MapAuditApi();
app.MapProgrammesApi();
app.MapProgrammeExports();
app.MapTasksApi();
app.MapReportingApi();
app.MapWorkApi();
app.MapNotificationsApi();
app.MapDtiApi();
app.MapDtiWorkflowApi();
app.MapDtiExports();
app.MapCommitteeApi();
app.MapFrameworkUpload();
app.MapMapsApi();
app.MapScorecardsApi();
app.MapSteeringApi();
app.MapAccountEndpoints();
app.MapAccountsApi();
app.MapApiKeysApi();
app.MapPublicApi();
app.MapPublishingApi();
app.MapPublishingForms();
app.MapAnalyticsApi();
app.MapSigningApi();
app.MapRazorComponents<App>();

await app.RunAsync();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
