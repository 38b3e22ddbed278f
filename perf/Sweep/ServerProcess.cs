using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RsPipeline.Sweep;

/// <summary>
/// The RsPipeline server as a child process (dotnet RsPipeline.Host.dll) on a free loopback port:
/// started with the given arguments, its output copied to a log file, its port read from its
/// "serving gRPC on http://127.0.0.1:PORT" line (event 1001), stopped with SIGTERM (killed if it does
/// not exit in time).
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public bool Running => !_process.HasExited;

    public static ServerProcess Start(string hostDll, IEnumerable<string> arguments, string logPath)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(hostDll);
        start.ArgumentList.Add("--Server:BindAddress=127.0.0.1");
        start.ArgumentList.Add("--Server:Port=0");
        start.ArgumentList.Add("--Server:ShutdownTimeout=00:00:05");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var log = new StreamWriter(logPath) { AutoFlush = true };
        log.WriteLine($"# dotnet {string.Join(' ', start.ArgumentList)}");
        var server = new ServerProcess(new Process { StartInfo = start }, log);
        server._process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    /// <summary>The port the server listens on, once it says so; fails if it exits first or takes longer than <paramref name="timeout"/>.</summary>
    public async Task<int> PortAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_port.Task, exited, Task.Delay(timeout));
        if (first == _port.Task)
        {
            return await _port.Task;
        }

        throw new InvalidOperationException(first == exited
            ? $"the server exited with code {_process.ExitCode} before listening; see its log"
            : $"the server did not report its address within {timeout.TotalSeconds} s; see its log");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        await _log.DisposeAsync();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.WriteLine(line);
        }

        if (ServingLine().Match(line) is { Success: true } match)
        {
            _port.TrySetResult(int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"serving gRPC on http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ServingLine();
}
