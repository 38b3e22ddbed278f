using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using RsPipeline.Host.Security.Callers;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Protos.Rs;
using RsPipeline.TestSupport;
using static RsPipeline.Host.Tests.Security.CallerTokensServerTests;

namespace RsPipeline.Host.Tests.Security;

/// <summary>
/// Two callers on the real server, one offering ten times its limit: the noisy one gets exactly its
/// share, refused beyond it with RESOURCE_EXHAUSTED and a retry pushback; the quiet one loses
/// nothing and keeps its latency. The counts are exact: a bucket whose period is far longer than the
/// test refills by nothing while it runs, and held calls are counted while held.
/// </summary>
public sealed class CallerFairnessTests : IDisposable
{
    private const int NoisyLimit = 40;
    private const int QuietCalls = 100;
    private readonly TestCatalog _catalog = new();
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task NoisyCallerAtTenTimesItsRate_GetsItsLimit_QuietCallerLosesNothingAndKeepsItsP99()
    {
        await using var server = await StartAsync(
            "--CallerLimits:Period=01:00:00",
            $"--CallerLimits:Callers:noisy:RequestsPerPeriod={NoisyLimit}",
            $"--CallerLimits:Callers:quiet:RequestsPerPeriod={(2 * QuietCalls) + 10}");
        var seed = server.Seed;
        await CallAsync(seed, "quiet");
        var alone = await MeasureAsync(seed, "quiet", QuietCalls);

        var noisy = OfferAsync(seed, "noisy", 10 * NoisyLimit, concurrency: 4);
        var withNoise = await MeasureAsync(seed, "quiet", QuietCalls);
        var (admitted, refusals) = await noisy.DefaultTimeout();

        Assert.Equal(NoisyLimit, admitted);
        Assert.Equal(9 * NoisyLimit, refusals.Count);
        Assert.All(refusals, error =>
        {
            Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
            Assert.True(long.Parse(error.Trailers.GetValue("grpc-retry-pushback-ms")!, CultureInfo.InvariantCulture) > 0);
        });
        // Generous on purpose (a loaded 2-core machine): the bound catches a caller starved or
        // queued behind the other's excess, not scheduling noise.
        var bound = (4 * alone.P99) + TimeSpan.FromMilliseconds(100);
        Assert.True(withNoise.P99 <= bound, $"quiet caller's p99 {withNoise.P99.TotalMilliseconds:F1} ms with the noisy one, {alone.P99.TotalMilliseconds:F1} ms alone (bound {bound.TotalMilliseconds:F1} ms)");
    }

    [Fact]
    public async Task NoisyCallerAtTenTimesItsConcurrency_HoldsOnlyItsLimit_QuietCallerLosesNothing()
    {
        const int limit = TestServer.MaxUsersPerCall;
        await using var server = await StartAsync($"--CallerLimits:MaxConcurrentRequests={limit}");
        var seed = server.Seed;
        List<Task<(int Admitted, List<RpcException> Refusals)>> offered;
        using (server.Gate.Hold())
        {
            offered = [.. Enumerable.Range(0, 10 * limit).Select(_ => OfferAsync(seed, "noisy", 1, concurrency: 1))];
            var refused = await RefusalsAsync(offered, 9 * limit);
            offered.AddRange(Enumerable.Range(0, limit).Select(_ => OfferAsync(seed, "quiet", 1, concurrency: 1)));

            Assert.Equal(9 * limit, refused);
        }

        var outcomes = await Task.WhenAll(offered).DefaultTimeout();
        Assert.Equal(limit, outcomes.Take(10 * limit).Sum(o => o.Admitted));
        Assert.Equal(limit, outcomes.Skip(10 * limit).Sum(o => o.Admitted));
        Assert.Equal(2 * limit, server.Gate.Submitted);
    }

    public void Dispose()
    {
        _directory.Dispose();
        _catalog.Dispose();
    }

    private async Task<TestServer> StartAsync(params string[] limits)
    {
        var tokens = _directory.File("tokens", $"noisy {TokenFile.HashOf("noisy-key")}\nquiet {TokenFile.HashOf("quiet-key")}\n");
        return await TestServer.StartAsync(TestServer.Arguments(_catalog, [$"--Auth:TokensPath={tokens}", .. limits]));
    }

    private static Task<itemsString> CallAsync(RSer.RSerClient seed, string caller) =>
        seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(TestCatalog.Query(caller.Length)) }, Bearer($"{caller}-key")).ResponseAsync;

    // Closed loop, one call at a time; every call must succeed.
    private static async Task<(TimeSpan P99, int Calls)> MeasureAsync(RSer.RSerClient seed, string caller, int calls)
    {
        var latencies = new List<TimeSpan>(calls);
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await CallAsync(seed, caller).DefaultTimeout();
            latencies.Add(Stopwatch.GetElapsedTime(started));
        }

        latencies.Sort();
        return (latencies[(int)Math.Ceiling(0.99 * calls) - 1], calls);
    }

    private static async Task<(int Admitted, List<RpcException> Refusals)> OfferAsync(RSer.RSerClient seed, string caller, int calls, int concurrency)
    {
        var admitted = 0;
        var refusals = new List<RpcException>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < calls)
            {
                try
                {
                    await CallAsync(seed, caller);
                    Interlocked.Increment(ref admitted);
                }
                catch (RpcException error) when (error.StatusCode == StatusCode.ResourceExhausted)
                {
                    lock (refusals)
                    {
                        refusals.Add(error);
                    }
                }
            }
        }));
        return (admitted, refusals);
    }

    // Refused calls end at once while admitted ones wait at the gate: wait for the expected refusals.
    private static async Task<int> RefusalsAsync(List<Task<(int Admitted, List<RpcException> Refusals)>> offered, int expected)
    {
        var pending = offered.ToList();
        var refused = 0;
        while (refused < expected)
        {
            var done = await Task.WhenAny(pending).DefaultTimeout();
            pending.Remove(done);
            refused += (await done).Refusals.Count;
        }

        return refused;
    }
}
