using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Lodestar.Tests.Common;

/// <summary>The built web app (Lodestar.Web.dll, Release or Debug as this test) as a process of its own; settings given override the defaults (no demo, no daily jobs).</summary>
internal sealed class WebApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly StringBuilder _log;

    private WebApp(Process process, HttpClient http, StringBuilder log, int port) => (_process, _http, _log, Port) = (process, http, log, port);

    public int Port { get; }

    /// <summary>A client of the app's own address (Kestrel on 127.0.0.1).</summary>
    public HttpClient Http => _http;

    public static async Task<WebApp> StartAsync(Dictionary<string, string?> settings, ITestOutputHelper output, string adminPassword)
    {
        var dll = WebDll();
        var port = FreePort.Next();

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        foreach (var arg in new[] { dll, "--urls", $"http://127.0.0.1:{port}" })
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["LODESTAR_DEMO"] = "false";
        psi.Environment["LODESTAR_TASKS_DAILY"] = "false";
        psi.Environment["LODESTAR_DIGEST"] = "false";
        psi.Environment["LODESTAR_NOTICE_MAIL"] = "false";
        foreach (var (key, value) in settings)
        {
            psi.Environment[key] = value;
        }

        psi.Environment["LODESTAR_ADMIN_PASSWORD"] = adminPassword;
        var log = new StringBuilder();
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        var app = new WebApp(process, http, log, port);
        var started = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Lodestar.Web exited ({process.ExitCode}): {app.Log}");
            }

            try
            {
                using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (health.IsSuccessStatusCode)
                {
                    output.WriteLine($"web app up on port {port} in {started.Elapsed.TotalSeconds:0.0} s");
                    return app;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (started.Elapsed > TimeSpan.FromSeconds(120))
            {
                app.Kill();
                throw new TimeoutException($"Lodestar.Web did not answer /healthz within 120 s: {app.Log}");
            }

            await Task.Delay(200);
        }
    }

    private string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>tests/Lodestar.Tests/bin/{Configuration}/{tfm}/ → src/Lodestar.Web/bin/{Configuration}/{tfm}/Lodestar.Web.dll.</summary>
    private static string WebDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (tfm, configuration) = (here.Name, here.Parent!.Name);
        var root = here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "src", "Lodestar.Web", "bin", configuration, tfm, "Lodestar.Web.dll");
        Assert.True(File.Exists(dll), $"build the solution first: {dll} is missing");
        return dll;
    }

    public async Task<string> TokenAsync(string userName, string password)
    {
        using var response = await _http.PostAsJsonAsync("/api/v1/auth/token", new { userName, password });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"token: {response.StatusCode} {body}");
        return body.GetProperty("token").GetString()!;
    }

    /// <summary>SIGKILL: no shutdown, no flush, no rollback by the app.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _http.Dispose();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
