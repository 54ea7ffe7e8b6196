using Lodestar.Accounts;
using Lodestar.Audit;
using Lodestar.Common;
using Lodestar.Notifications;
using Lodestar.OrgUnits;
using Lodestar.People;
using Lodestar.Programmes;
using Lodestar.Tasks;
using Lodestar.Values;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Lodestar.Data;

public sealed class LodestarDbContext(
    DbContextOptions<LodestarDbContext> options,
    IAuditActor actor,
    TimeProvider clock)
    : IdentityDbContext<LodestarUser, IdentityRole<int>, int>(options)
{
    private readonly IAuditActor _actor = actor;
    private readonly TimeProvider _clock = clock;
    private bool _accountsSaved;

    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();

    public DbSet<OrgUnitParentLink> OrgUnitParents => Set<OrgUnitParentLink>();

    public DbSet<OrgUnitLineage> OrgUnitLineages => Set<OrgUnitLineage>();

    public DbSet<OrgUnitBoundary> OrgUnitBoundaries => Set<OrgUnitBoundary>();

    public DbSet<OrgUnitName> OrgUnitNames => Set<OrgUnitName>();

    public DbSet<OrgUnitPastBoundary> OrgUnitPastBoundaries => Set<OrgUnitPastBoundary>();

    public DbSet<Reorganisation> Reorganisations => Set<Reorganisation>();

    public DbSet<Person> People => Set<Person>();

    public DbSet<Position> Positions => Set<Position>();

    public DbSet<PositionTerm> PositionTerms => Set<PositionTerm>();

    public DbSet<DigitalTeam> DigitalTeams => Set<DigitalTeam>();

    public DbSet<DigitalTeamMember> DigitalTeamMembers => Set<DigitalTeamMember>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Accounts.ApiKey> ApiKeys => Set<Accounts.ApiKey>();

    public DbSet<DataElement> DataElements => Set<DataElement>();

    public DbSet<Indicator> Indicators => Set<Indicator>();

    public DbSet<DataValue> DataValues => Set<DataValue>();

    public DbSet<DataValueChange> DataValueChanges => Set<DataValueChange>();

    public DbSet<Programme> Programmes => Set<Programme>();

    public DbSet<Pillar> Pillars => Set<Pillar>();

    public DbSet<Target> Targets => Set<Target>();

    public DbSet<TargetMilestone> TargetMilestones => Set<TargetMilestone>();

    public DbSet<ProgrammeRevision> ProgrammeRevisions => Set<ProgrammeRevision>();

    public DbSet<RevisionChange> RevisionChanges => Set<RevisionChange>();

    public DbSet<RevisionMilestone> RevisionMilestones => Set<RevisionMilestone>();

    public DbSet<WorkTask> Tasks => Set<WorkTask>();

    public DbSet<TaskCoUnit> TaskCoUnits => Set<TaskCoUnit>();

    public DbSet<TaskTarget> TaskTargets => Set<TaskTarget>();

    public DbSet<TaskReport> TaskReports => Set<TaskReport>();

    public DbSet<TaskEvidence> TaskEvidence => Set<TaskEvidence>();

    public DbSet<TaskExtension> TaskExtensions => Set<TaskExtension>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();

    public DbSet<NoticeMark> NoticeMarks => Set<NoticeMark>();

    public DbSet<Signing.PersonalCertificate> PersonalCertificates => Set<Signing.PersonalCertificate>();

    public DbSet<Reporting.ReportForm> ReportForms => Set<Reporting.ReportForm>();

    public DbSet<Reporting.ReportFormItem> ReportFormItems => Set<Reporting.ReportFormItem>();

    public DbSet<Reporting.ReportFormUnit> ReportFormUnits => Set<Reporting.ReportFormUnit>();

    public DbSet<Reporting.ReportRule> ReportRules => Set<Reporting.ReportRule>();

    public DbSet<Reporting.Report> Reports => Set<Reporting.Report>();

    public DbSet<Reporting.ReportEvent> ReportEvents => Set<Reporting.ReportEvent>();

    public DbSet<Reporting.ReportEvidence> ReportEvidence => Set<Reporting.ReportEvidence>();

    public DbSet<Reporting.ReportReminder> ReportReminders => Set<Reporting.ReportReminder>();

    public DbSet<Dti.DtiFramework> DtiFrameworks => Set<Dti.DtiFramework>();

    public DbSet<Dti.DtiNode> DtiNodes => Set<Dti.DtiNode>();

    public DbSet<Dti.DtiAssessment> DtiAssessments => Set<Dti.DtiAssessment>();

    public DbSet<Dti.DtiItem> DtiItems => Set<Dti.DtiItem>();

    public DbSet<Dti.DtiEvidence> DtiEvidence => Set<Dti.DtiEvidence>();

    public DbSet<Dti.DtiSteeringMember> DtiSteeringMembers => Set<Dti.DtiSteeringMember>();

    public DbSet<Dti.DtiYearRevision> DtiYearRevisions => Set<Dti.DtiYearRevision>();

    public DbSet<Dti.DtiFrozenResult> DtiFrozenResults => Set<Dti.DtiFrozenResult>();

    public DbSet<Dti.DtiPublishedRank> DtiPublishedRanks => Set<Dti.DtiPublishedRank>();

    public DbSet<Publishing.Publication> Publications => Set<Publishing.Publication>();

    public DbSet<Publishing.PublishedFigure> PublishedFigures => Set<Publishing.PublishedFigure>();

    public DbSet<Scorecards.ScorecardNote> ScorecardNotes => Set<Scorecards.ScorecardNote>();

    public DbSet<Steering.SteeringMeeting> SteeringMeetings => Set<Steering.SteeringMeeting>();

    public DbSet<Steering.BriefingPack> BriefingPacks => Set<Steering.BriefingPack>();

    public DbSet<Steering.MeetingConclusion> MeetingConclusions => Set<Steering.MeetingConclusion>();

    public DbSet<ChangeBatch> ChangeBatches => Set<ChangeBatch>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    /// <summary>The change-feed batch the current transaction has joined (<see cref="ChangeFeed"/>).</summary>
    internal ChangeFeed.Open? OpenBatch { get; set; }

    /// <summary>The SQLite writers' turn this context's transaction holds (<see cref="SqliteWriteGate"/>).</summary>
    internal SemaphoreSlim? HeldWriteGate { get; set; }

    /// <summary>
    /// Bulk loads of official data set this and write one summary entry instead of one per row.
    /// </summary>
    public bool SkipEntityAudit { get; set; }

    public string ActorName => _actor.Name;

    /// <summary>Saves of this context that changed rows: after them the host remembers the writer's WAL position (ADR 0027).</summary>
    public int Writes { get; private set; }

    /// <summary>Now, by the context's clock (tests set the clock).</summary>
    public DateTime UtcNow => _clock.GetUtcNow().UtcDateTime;

    /// <summary>Today in Vietnam by the context's clock.</summary>
    public DateOnly Today => Dates.Today(_clock);

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var count = await SaveAndAuditAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (count > 0)
        {
            Writes++;
            LocalChanges.Changed();
            if (_accountsSaved)
            {
                LocalChanges.AccountsChanged();
            }
        }

        return count;
    }

    private async Task<int> SaveAndAuditAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().UtcDateTime;

        // Every enumeration of the tracker would look for changes in every tracked entity again (six times per save, most
        // of a seeding's time): look once, then read the states; the save itself looks again for the stamps set here.
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        if (detect)
        {
            ChangeTracker.DetectChanges();
            ChangeTracker.AutoDetectChangesEnabled = false;
        }

        List<AuditTrail.Pending> pending;
        (ChangeKinds Kinds, bool Rebuild, List<DataValue> Values)? feed;
        try
        {
            RefreshSearchText();
            _accountsSaved = ChangeTracker.Entries<LodestarUser>().Any(e => e.State is EntityState.Modified or EntityState.Deleted);
            pending = AuditTrail.Capture(this, _actor.Name, now);
            feed = ChangeFeed.Pending(ChangeTracker);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }

        var audited = !SkipEntityAudit && pending.Count > 0;
        if (!audited && feed is null)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // Entities first (so generated keys are known), then their audit entries, atomically; a write of values joins
        // the change feed in the same transaction.
        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            if (feed is { } f)
            {
                var batch = await ChangeFeed.JoinAsync(this, f.Kinds, f.Rebuild, cancellationToken);
                foreach (var value in f.Values)
                {
                    value.BatchId = batch;
                }
            }

            var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess: true, cancellationToken);
            if (audited)
            {
                AuditEntries.AddRange(AuditTrail.Complete(pending, _actor.Name, now));
                await base.SaveChangesAsync(acceptAllChangesOnSuccess: true, cancellationToken);
            }

            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            return count;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    private void RefreshSearchText()
    {
        foreach (var entry in ChangeTracker.Entries<OrgUnit>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                entry.Entity.SearchText = OrgUnit.SearchTextOf(entry.Entity);
            }
        }

        foreach (var entry in ChangeTracker.Entries<Person>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                entry.Entity.SearchText = TextFold.Fold(entry.Entity.FullName);
            }
        }

        foreach (var entry in ChangeTracker.Entries<WorkTask>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                var t = entry.Entity;
                var text = TextFold.Fold($"{t.Title} {t.SourceNumber}");
                t.SearchText = text.Length > 1200 ? text[..1200] : text;
            }
        }
    }

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.AddInterceptors(ChangeFeed.Interceptor, SqliteWriteGate.Instance);

    public override void Dispose()
    {
        SqliteWriteGate.Release(this);
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        SqliteWriteGate.Release(this);
        return base.DisposeAsync();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are UTC everywhere; SQLite hands them back with Kind=Unspecified, so say what they are.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(LodestarDbContext).Assembly);
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
