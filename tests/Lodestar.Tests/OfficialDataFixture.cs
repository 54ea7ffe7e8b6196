using Lodestar.Demo;
using Lodestar.OrgUnits;

namespace Lodestar.Tests;

/// <summary>
/// One database with the whole official organisation and the demo province with its programmes and values, loaded once for the read-only
/// tests of the "official data" collection (the load takes seconds; every test reading it must not write).
/// </summary>
public sealed class OfficialDataFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public ImportSummary FirstImport { get; private set; } = null!;

    /// <summary>The units the import's context still tracked when it returned.</summary>
    public int UnitsTrackedAfterImport { get; private set; }

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        await using var db = Database.Context();
        FirstImport = await new OfficialUnitImporter(db).ImportAsync();
        UnitsTrackedAfterImport = db.ChangeTracker.Entries<OrgUnit>().Count();
        await new DemoSeeder(db, TestTime.Clock).SeedAsync();
        await new ProgrammeDemo(db).SeedAsync();
        await new DtiDemo(db).SeedAsync();
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class OfficialDataGroup : ICollectionFixture<OfficialDataFixture>
{
    public const string Name = "official data";
}
