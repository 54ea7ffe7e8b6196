namespace Lodestar.Tests;

/// <summary>A test class that gets a fresh, migrated database of its own (xUnit makes one instance per test).</summary>
public abstract class DatabaseTest : IAsyncLifetime
{
    protected TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync() => Database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await Database.DisposeAsync();
}
