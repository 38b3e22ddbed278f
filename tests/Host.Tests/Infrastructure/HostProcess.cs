using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace RsPipeline.Host.Tests.Infrastructure;

/// <summary>
/// The server as its own process (<c>dotnet RsPipeline.Host.dll</c>), on free loopback ports: for
/// what only a whole process shows (exit codes, signals, one meter per process).
/// </summary>
public sealed partial class HostProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process, int port, int metricsPort)
    {
        _process = process;
        Port = port;
        MetricsPort = metricsPort;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
    }

    public int Port { get; }

    public int MetricsPort { get; }

    public GrpcChannel Channel { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the host with <paramref name="arguments"/> (ports are added) and waits for health SERVING.</summary>
    public static Task<HostProcess> StartAsync(IEnumerable<string> arguments) => StartAsync(HostLaunch.BuildOutput, arguments);

    /// <summary>Starts the host as <paramref name="launch"/> says, with <paramref name="arguments"/> (ports are added), and waits for health SERVING.</summary>
    public static async Task<HostProcess> StartAsync(HostLaunch launch, IEnumerable<string> arguments)
    {
        var port = LoopbackPorts.Free();
        var metricsPort = LoopbackPorts.Free();
        var start = new ProcessStartInfo(launch.FileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in launch.Prefix.Concat(arguments).Concat([$"--Server:Port={port}", $"--Telemetry:MetricsPort={metricsPort}"]))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in launch.Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {launch.FileName}");
        var host = new HostProcess(process, port, metricsPort);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await host.WaitForServingAsync(TimeSpan.FromSeconds(60));
        return host;
    }

    /// <summary>Sends SIGTERM, as an orchestrator stopping the server does, and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan limit)
    {
        if (SendSignal(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        await _process.WaitForExitAsync().WaitAsync(limit);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);


    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private async Task WaitForServingAsync(TimeSpan limit)
    {
        var health = new Grpc.Health.V1.Health.HealthClient(Channel);
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"the host exited with {_process.ExitCode} before serving:\n{Output}");
            }

            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        throw new Xunit.Sdk.XunitException($"the host did not report SERVING within {limit}:\n{Output}");
    }
}
