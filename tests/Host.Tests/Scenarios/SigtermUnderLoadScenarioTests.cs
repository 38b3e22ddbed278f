using Grpc.Core;
using RsPipeline.Client;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Protos.Rs;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Scenarios;

/// <summary>
/// The CI version of <c>perf/scenarios/sigterm-under-load.sh</c>: the server process, under paced
/// load from several callers, gets SIGTERM once <see cref="AnsweredBeforeSignal"/> calls were
/// answered. Every call is answered exactly or refused UNAVAILABLE (or met the server closing its
/// connection, <see cref="ConnectionCloseRace"/>; nothing else: no accepted call lost or failed),
/// every caller is refused in the end, the server says it answered every request
/// it had accepted, and it exits 0. Invariants only: how many calls land before or after the
/// drain delay depends on the machine.
/// </summary>
public sealed class SigtermUnderLoadScenarioTests : IDisposable
{
    private const int Callers = 4;
    private const int AnsweredBeforeSignal = 100;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(10);
    private readonly TestCatalog _catalog = new();

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task SigtermUnderLoad_EveryCallAnsweredOrRefusedUnavailable_Drained_ExitsZero()
    {
        await using var host = await HostProcess.StartAsync(TestServer.Arguments(
            _catalog, "--Server:DrainDelay=00:00:01", "--Logging:LogLevel:RsPipeline.Pipeline.RecallPipeline=Information"));
        var seed = new RSer.RSerClient(host.Channel);
        var answered = 0;
        using var bound = new CancellationTokenSource(TestTimeouts.Default);

        var calls = await PacedCallers.RunAsync(Callers, Interval, async n =>
        {
            var call = await CallRecord.SeedAsync(seed, n, CallDeadline);
            if (call.Status == StatusCode.OK && Interlocked.Increment(ref answered) == AnsweredBeforeSignal)
            {
                host.SendTerminate();
            }

            return call;
        }, stopAfter: call => call.Status != StatusCode.OK, bound.Token);
        var exitCode = await host.WaitForExitAsync(TestTimeouts.Default);

        Assert.False(bound.IsCancellationRequested, "the callers were still answered when the test's time ran out");
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{host.Output}");
        Assert.All(calls, call => Assert.True(call.Status is StatusCode.OK || IsRefusal(call), call.ToString()));
        Assert.True(calls.Count(call => call.Status == StatusCode.OK) >= AnsweredBeforeSignal, "SIGTERM was never sent");
        Assert.Equal(Callers, calls.Count(IsRefusal));
        Assert.All(calls.Where(call => call.Status == StatusCode.OK), call => _catalog.AssertTopK(TestCatalog.Query(call.Query), call.Ids, 100));
        Assert.Contains("Drained: every request answered", host.Output, StringComparison.Ordinal);
    }

    // UNAVAILABLE, or the INTERNAL the client reports for a call that raced the server closing its connection.
    private static bool IsRefusal(CallRecord call) =>
        call.Status == StatusCode.Unavailable || ConnectionCloseRace.Is(new Status(call.Status, call.Detail));
}
