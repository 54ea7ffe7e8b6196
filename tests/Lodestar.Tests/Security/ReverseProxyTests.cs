using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Lodestar.Tests.Common;
using Xunit.Abstractions;

namespace Lodestar.Tests.Security;

/// <summary>
/// The built app behind a real nginx, as the operations guide deploys it: only the proxies of LODESTAR_TRUSTED_PROXIES
/// are believed about the client's scheme, host and address. One nginx serves three fronts: a trusted proxy that
/// terminates TLS (it says https), the same from an address the app does not trust, and a trusted proxy that forwards
/// a visitor from another network. Fails, rather than skips, when nginx is missing (test.sh installs it).
/// </summary>
public sealed class ReverseProxyTests(ITestOutputHelper output) : DatabaseTest
{
    private const string Password = "Kiem-Thu-Proxy-2026";
    private const string Nginx = "/usr/sbin/nginx";

    [Fact]
    public async Task OnlyTrustedProxies_AreBelieved_AboutSchemeHostAndClient()
    {
        Assert.True(File.Exists(Nginx), $"{Nginx} is missing: test.sh installs nginx (apt) before the tests");
        var settings = Database.Settings();
        settings["LODESTAR_TRUSTED_PROXIES"] = "127.0.0.2";
        settings["LODESTAR_PUBLIC_RATE_LIMIT"] = "3";
        settings["AllowedHosts"] = "lodestar.test;127.0.0.1";
        await using var app = await WebApp.StartAsync(settings, output, Password);
        await using var nginx = await NginxAsync(app.Port);

        // Trusted, TLS at the proxy: https redirects, HSTS, Secure cookies, and the security headers on every answer.
        using var trusted = Client(nginx.Trusted, "127.0.0.4");
        using (var login = await trusted.GetAsync(new Uri("/reports", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            Assert.StartsWith("https://lodestar.test/login", login.Headers.Location!.ToString(), StringComparison.Ordinal);
            Assert.True(login.Headers.Contains("Strict-Transport-Security"), "HSTS over https");
            AssertSecurityHeaders(login);
        }

        using (var page = await trusted.GetAsync(new Uri("/login", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.All(page.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
            AssertSecurityHeaders(page);
        }

        // Each visitor has his own rate-limit bucket: the third request of one does not stop another.
        for (var i = 0; i < 3; i++)
        {
            using var ok = await trusted.GetAsync(new Uri("/api/v1/public/programmes", UriKind.Relative));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, ok.StatusCode);
        }

        using (var limited = await trusted.GetAsync(new Uri("/api/v1/public/programmes", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }

        using (var other = Client(nginx.Trusted, "127.0.0.5"))
        using (var fresh = await other.GetAsync(new Uri("/api/v1/public/programmes", UriKind.Relative)))
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, fresh.StatusCode);
        }

        // A visitor from another network does not read /metrics (no token configured: this machine only).
        using (var remote = Client(nginx.Remote, "127.0.0.6"))
        using (var metrics = await remote.GetAsync(new Uri("/metrics", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, metrics.StatusCode);
        }

        using (var local = await app.Http.GetAsync(new Uri("/metrics", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        }

        // The same headers from an address the app does not trust change nothing: plain http, no HSTS, no Secure cookie.
        using var untrusted = Client(nginx.Untrusted, "127.0.0.7");
        using (var login = await untrusted.GetAsync(new Uri("/reports", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            Assert.StartsWith("http://lodestar.test/login", login.Headers.Location!.ToString(), StringComparison.Ordinal);
            Assert.False(login.Headers.Contains("Strict-Transport-Security"));
        }

        using (var page = await untrusted.GetAsync(new Uri("/login", UriKind.Relative)))
        {
            Assert.All(page.Headers.GetValues("Set-Cookie"), c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));
        }

        // A Host nobody configured is refused, not echoed into redirects.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/reports");
        request.Headers.Host = "evil.example";
        using (var refused = await app.Http.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.True(response.Headers.Contains("Referrer-Policy"));
    }

    /// <summary>A client that connects from the given loopback address (one visitor), to the given nginx port.</summary>
    private static HttpClient Client(int port, string from) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

    private static async Task<NginxProcess> NginxAsync(int appPort)
    {
        var dir = Directory.CreateTempSubdirectory("lodestar-nginx-");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir.FullName, (UnixFileMode)0b111_111_111); // workers may run as nobody
        }
        var (trusted, untrusted, remote) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        string Server(int port, string bind, string forwardedFor) => $$"""
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://127.0.0.1:{{appPort}};
                        proxy_bind {{bind}};
                        proxy_set_header Host lodestar.test;
                        proxy_set_header X-Forwarded-Host lodestar.test;
                        proxy_set_header X-Forwarded-Proto https;
                        proxy_set_header X-Forwarded-For {{forwardedFor}};
                    }
                }
            """;
        var config = $$"""
            worker_processes 1;
            pid {{dir.FullName}}/nginx.pid;
            error_log {{dir.FullName}}/error.log;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{dir.FullName}}/body;
                proxy_temp_path {{dir.FullName}}/proxy;
                fastcgi_temp_path {{dir.FullName}}/fastcgi;
                uwsgi_temp_path {{dir.FullName}}/uwsgi;
                scgi_temp_path {{dir.FullName}}/scgi;
            {{Server(trusted, "127.0.0.2", "$remote_addr")}}
            {{Server(untrusted, "127.0.0.3", "$remote_addr")}}
            {{Server(remote, "127.0.0.2", "203.0.113.7")}}
            }
            """;
        var file = Path.Combine(dir.FullName, "nginx.conf");
        await File.WriteAllTextAsync(file, config);
        var psi = new ProcessStartInfo(Nginx) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-p", dir.FullName, "-c", file, "-g", "daemon off;" })
        {
            psi.ArgumentList.Add(arg);
        }

        var process = Process.Start(psi)!;
        var nginx = new NginxProcess(process, dir, trusted, untrusted, remote);
        var started = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, remote);
                return nginx;
            }
            catch (SocketException) when (started.Elapsed < TimeSpan.FromSeconds(20) && !process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                var log = File.Exists(Path.Combine(dir.FullName, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(dir.FullName, "error.log")) : "";
                await nginx.DisposeAsync();
                throw new InvalidOperationException($"nginx did not start: {await process.StandardError.ReadToEndAsync()} {log}");
            }
        }
    }

    private sealed record NginxProcess(Process Process, DirectoryInfo Dir, int Trusted, int Untrusted, int Remote) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                await Process.WaitForExitAsync();
            }

            Process.Dispose();
            Dir.Delete(recursive: true);
        }
    }
}
