using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Lodestar.Tests.Common;

namespace Lodestar.Tests.Connectors;

/// <summary>
/// A real HTTP source on loopback for connector tests (HttpListener): each path answers by its handler, which hears how
/// many times the path was asked (1 first) and the request; the server counts the hits and keeps the last headers.
/// </summary>
internal sealed class SourceServer : IAsyncDisposable
{
    public delegate Task Handler(int hit, HttpListenerRequest request, HttpListenerResponse response);

    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, Handler> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SourceServer()
    {
        var port = FreePort.Next();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string BaseUrl { get; }

    public string Url(string path) => BaseUrl + path;

    public int Hits(string path) => _hits.GetValueOrDefault(path);

    /// <summary>The headers of the last request to each path.</summary>
    public ConcurrentDictionary<string, System.Collections.Specialized.NameValueCollection> Headers { get; } = new(StringComparer.Ordinal);

    public SourceServer On(string path, Handler handler)
    {
        _routes[path] = handler;
        return this;
    }

    /// <summary>Serves the text with the content type at the path, every time.</summary>
    public SourceServer Serve(string path, string body, string contentType = "text/csv; charset=utf-8") =>
        On(path, (_, _, response) => WriteAsync(response, 200, body, contentType));

    public static async Task WriteAsync(HttpListenerResponse response, int status, string body, string contentType = "text/plain; charset=utf-8")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                var path = context.Request.Url!.AbsolutePath;
                var hit = _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
                Headers[path] = context.Request.Headers;
                try
                {
                    if (_routes.TryGetValue(path, out var handler))
                    {
                        await handler(hit, context.Request, context.Response);
                    }
                    else
                    {
                        await WriteAsync(context.Response, 404, "not here");
                    }
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
                {
                    // The client gave up (a timeout test) or the server stops.
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Abort();
        await _loop;
        _stop.Dispose();
    }
}
