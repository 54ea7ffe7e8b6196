using Lodestar.Setup;

namespace Lodestar.Web.Operations;

/// <summary>
/// Prepares the database (migrations, the official units and the demo on a first start) as a hosted service that
/// starts together with the web server (hosted services start concurrently), so the server, its endpoints and the
/// first page's code get ready while EF Core builds its model and the database is checked: about half a second of a
/// 2.5 s start. Until the database is ready every request waits for it (<see cref="WebServices.UseLodestarPipeline"/>),
/// the background jobs wait for it, and the host's start — what ApplicationStarted and the tests wait for — includes
/// it. A failure stops the start, as before.
/// </summary>
public sealed class DatabaseStartup(IServiceScopeFactory scopes) : IHostedService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the database is migrated and seeded.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Waits until the database is ready: false when preparing it failed or the host stops first (it is stopping then).</summary>
    public async Task<bool> WaitAsync(CancellationToken ct)
    {
        try
        {
            await Ready.WaitAsync(ct);
            return true;
        }
        catch (Exception) when (!Ready.IsCompletedSuccessfully)
        {
            return false;
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Hosted services start concurrently only once each yields: EF Core builds its model synchronously, inside the first call.
        await Task.Yield();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
            _ready.TrySetResult();
        }
        catch (Exception e)
        {
            _ready.TrySetException(e);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _ready.TrySetCanceled(cancellationToken);
        return Task.CompletedTask;
    }
}
