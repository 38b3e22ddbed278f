using System.Diagnostics;
using Grpc.Core;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Recall.V1;
using RsPipeline.Shard.V1;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Sharding;

/// <summary>A router process over a shard that never answers: callers get their deadline, and a full router refuses at once.</summary>
[Trait("Category", "Processes")]
public sealed class RouterOverSlowShardTests : IAsyncLifetime
{
    private const int QueueCapacity = 4;
    private FakeShard _shard = null!;
    private HostProcess _router = null!;

    public async Task InitializeAsync()
    {
        var info = new InfoReply { Dimension = 16, Rows = 100, ShardIndex = 0, ShardCount = 1, CatalogVersion = "v1" };
        _shard = await FakeShard.StartAsync(info);
        _shard.Score = (request, _) => Task.FromResult(FakeShard.Reply(info, request.Queries.Count, ("0", 1f)));
        _router = await HostProcess.StartAsync([$"--Router:Shards:0={_shard.Address}", $"--Batching:QueueCapacity={QueueCapacity}", "--Batching:MaxBatchSize=2"]);

        // Only now: the router's warm-up batches were answered.
        _shard.Score = async (_, context) =>
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            throw new InvalidOperationException("unreachable");
        };
    }

    public async Task DisposeAsync()
    {
        await _router.DisposeAsync();
        await _shard.DisposeAsync();
    }

    [Fact]
    public async Task TheCallersDeadlinePropagates_TheCallEndsDeadlineExceeded()
    {
        var client = new Recall.V1.Recall.RecallClient(_router.Channel);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.RecallAsync(Request(), deadline: DateTime.UtcNow.AddMilliseconds(500)).ResponseAsync.DefaultTimeout());

        Assert.True(error.StatusCode == StatusCode.DeadlineExceeded, $"{error.Status}\n{_router.Output}");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task AFullRouter_RefusesAtOnce_ResourceExhausted()
    {
        var client = new Recall.V1.Recall.RecallClient(_router.Channel);
        var calls = Enumerable.Range(0, 3 * QueueCapacity)
            .Select(async _ =>
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    await client.RecallAsync(Request(), deadline: DateTime.UtcNow.AddSeconds(3));
                    return (StatusCode.OK, watch.Elapsed);
                }
                catch (RpcException ex)
                {
                    return (ex.StatusCode, watch.Elapsed);
                }
            })
            .ToArray();
        var outcomes = await Task.WhenAll(calls).DefaultTimeout();

        var refused = outcomes.Where(o => o.Item1 == StatusCode.ResourceExhausted).ToArray();
        Assert.NotEmpty(refused);
        Assert.All(refused, o => Assert.True(o.Elapsed < TimeSpan.FromSeconds(1.5), $"a refusal took {o.Elapsed}"));
        Assert.All(outcomes, o => Assert.Contains(o.Item1, new[] { StatusCode.ResourceExhausted, StatusCode.DeadlineExceeded }));
    }

    private static RecallRequest Request()
    {
        var request = new RecallRequest { TopK = 5 };
        request.Vector.AddRange(TestCatalog.Query(1));
        return request;
    }
}
