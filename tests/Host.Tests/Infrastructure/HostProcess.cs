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

    /// <summary>The server's process id.</summary>
    public int ProcessId => _process.Id;

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
    public static Task<HostProcess> StartAsync(HostLaunch launch, IEnumerable<string> arguments) => StartAsync(launch, arguments, LoopbackPorts.Free());

    /// <summary>Starts the host on gRPC port <paramref name="port"/> (a server coming back where it was), and waits for health SERVING.</summary>
    public static async Task<HostProcess> StartAsync(HostLaunch launch, IEnumerable<string> arguments, int port)
    {
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
        SendTerminate();
        return await WaitForExitAsync(limit);
    }

    /// <summary>Sends SIGTERM, as an orchestrator stopping the server does, and returns at once.</summary>
    public void SendTerminate()
    {
        if (SendSignal(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
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

    // Watch, not poll: the call waits for the server to listen (wait-for-ready) and then streams
    // every health change until SERVING; the process exiting first ends the wait at once.
    private async Task WaitForServingAsync(TimeSpan limit)
    {
        using var cancellation = new CancellationTokenSource(limit);
        var health = new Grpc.Health.V1.Health.HealthClient(Channel);
        var serving = WatchUntilServingAsync(health, cancellation.Token);
        var exited = _process.WaitForExitAsync(cancellation.Token);
        try
        {
            if (await Task.WhenAny(serving, exited) == exited && _process.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"the host exited with {_process.ExitCode} before serving:\n{Output}");
            }

            await serving;
        }
        catch (Exception ex) when (cancellation.IsCancellationRequested && ex is OperationCanceledException or RpcException)
        {
            throw new Xunit.Sdk.XunitException($"the host did not report SERVING within {limit}:\n{Output}");
        }
        finally
        {
            await cancellation.CancelAsync();
        }
    }

    private static async Task WatchUntilServingAsync(Grpc.Health.V1.Health.HealthClient health, CancellationToken cancellationToken)
    {
        using var watch = health.Watch(new HealthCheckRequest(), new CallOptions(cancellationToken: cancellationToken).WithWaitForReady());
        await foreach (var reply in watch.ResponseStream.ReadAllAsync(cancellationToken))
        {
            if (reply.Status == ServingStatus.Serving)
            {
                return;
            }
        }
    }
}
