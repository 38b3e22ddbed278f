using System.Globalization;
using Grpc.Core;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Protos.Rs;
using RsPipeline.TestSupport;
using Xunit.Abstractions;

namespace RsPipeline.Host.Tests.Scenarios;

/// <summary>
/// The CI version of <c>perf/scenarios/soak.sh</c>: paced load on the server process from the
/// moment health says SERVING, for <see cref="Duration"/>; the server's RSS and GC heap are
/// reported (test output) every <see cref="SampleEvery"/>. Every call is answered, exactly. The
/// figures are reported, not judged: a trend needs the full soak on a quiet machine.
/// </summary>
public sealed class SoakScenarioTests(ITestOutputHelper output) : IDisposable
{
    private const int Callers = 2;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(10);
    private readonly TestCatalog _catalog = new();

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task SoakFromServing_EveryCallAnsweredExactly_MemoryReported()
    {
        await using var host = await HostProcess.StartAsync(TestServer.Arguments(_catalog));
        var seed = new RSer.RSerClient(host.Channel);
        using var duration = new CancellationTokenSource(Duration);

        var load = PacedCallers.RunAsync(Callers, Interval, n => CallRecord.SeedAsync(seed, n, CallDeadline), stopAfter: _ => false, duration.Token);
        var samples = SampleMemoryAsync(host, duration.Token);
        var calls = await load.DefaultTimeout();
        await samples.DefaultTimeout();
        output.WriteLine($"end: {await MemoryAsync(host)}; {calls.Length} calls");

        Assert.NotEmpty(calls);
        Assert.All(calls, call => Assert.True(call.Status == StatusCode.OK, call.ToString()));
        Assert.All(calls, call => _catalog.AssertTopK(TestCatalog.Query(call.Query), call.Ids, 100));
    }

    private async Task SampleMemoryAsync(HostProcess host, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(SampleEvery);
        var started = DateTime.UtcNow;
        do
        {
            output.WriteLine($"t = {(DateTime.UtcNow - started).TotalSeconds:F0} s: {await MemoryAsync(host)}");
        }
        while (await TickAsync(timer, cancellationToken));
    }

    private static async Task<bool> TickAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    // The RSS from /proc, and the GC heap after the last collection from the server's own runtime metrics.
    private static async Task<string> MemoryAsync(HostProcess host)
    {
        var rss = File.ReadLines($"/proc/{host.ProcessId}/status").FirstOrDefault(line => line.StartsWith("VmRSS:", StringComparison.Ordinal)) ?? "VmRSS: unknown";
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{host.MetricsPort}/metrics")).DefaultTimeout();
        var heap = metrics.Split('\n')
            .Where(line => line.StartsWith("dotnet_gc_last_collection_heap_size_bytes", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        return $"RSS {rss["VmRSS:".Length..].Trim()}, GC heap {heap / (1 << 20):F1} MB";
    }
}
