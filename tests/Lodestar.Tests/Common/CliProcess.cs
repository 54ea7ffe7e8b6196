using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Lodestar.Tests.Common;

/// <summary>The built CLI (Lodestar.Cli.dll) as a process of its own, with the given settings in its environment.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly Task<string> _stderr;
    private readonly List<(string Prefix, TaskCompletionSource Said)> _awaited = [];

    private CliProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            lock (_stdout)
            {
                _stdout.AppendLine(e.Data);
                foreach (var (prefix, said) in _awaited.Where(a => e.Data?.StartsWith(a.Prefix, StringComparison.Ordinal) == true))
                {
                    said.TrySetResult();
                }
            }
        };
        _process.BeginOutputReadLine();
        _stderr = _process.StandardError.ReadToEndAsync();
        Exited = _process.WaitForExitAsync();
    }

    /// <summary>Completes when the process has ended (on its own or killed).</summary>
    public Task Exited { get; }

    public int ExitCode => _process.ExitCode;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public Task<string> Stderr => _stderr;

    public static CliProcess Start(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Assembly.Load("Lodestar.Cli").Location);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in settings)
        {
            psi.Environment[key] = value;
        }

        return new CliProcess(Process.Start(psi)!);
    }

    /// <summary>Completes when the process writes a line starting with <paramref name="prefix"/> (or has already).</summary>
    public Task SaidAsync(string prefix)
    {
        var said = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_stdout)
        {
            if (_stdout.ToString().Split('\n').Any(line => line.StartsWith(prefix, StringComparison.Ordinal)))
            {
                said.TrySetResult();
            }

            _awaited.Add((prefix, said));
        }

        return said.Task;
    }

    /// <summary>SIGKILL, as a power cut or the OOM killer would: no clean-up runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await Exited;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
