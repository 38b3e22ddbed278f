using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Protos.Rs;
using RsPipeline.Recall.V1;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Sharding;

/// <summary>
/// A router over 3 shards × 2 replicas, all real processes on loopback: its answers are the exact
/// top-k over the whole catalogue, it loses no call when a replica dies under load, it fails fast
/// and by name when a whole shard is gone (and serves again when it returns), and it never merges
/// answers from different catalogue versions.
/// </summary>
[Trait("Category", "Processes")]
public sealed class ShardedRoutingTests(ShardedCluster cluster) : IClassFixture<ShardedCluster>
{
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(20);

    private Recall.V1.Recall.RecallClient Typed => new(cluster.Channel);

    private static DateTime Deadline => DateTime.UtcNow + CallLimit;

    [Fact]
    public async Task SeedApi_AnswersTheExactTopKOfTheWholeCatalogue_KLargerThanAShard()
    {
        var seed = new RSer.RSerClient(cluster.Channel);
        for (var q = 0; q < 4; q++)
        {
            var query = TestCatalog.Query(100 + q);
            var reply = await seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(query) }, deadline: Deadline);

            var ids = reply.Items.Split(',');
            Assert.True(ShardedCluster.SeedTopK > ShardedCluster.Count / ShardedCluster.ShardCount + 1, "k must exceed one shard's rows");
            cluster.AssertTopK(query, ids, ShardedCluster.SeedTopK);
        }
    }

    [Fact]
    public async Task TypedApi_RecallAndRecallMany_AreExact_WithScoresBestFirst()
    {
        var query = TestCatalog.Query(7);
        var single = await Typed.RecallAsync(Request(query, 50), deadline: Deadline);
        cluster.AssertTopK(query, single.ItemIds, 50);
        Assert.Equal(50, single.Scores.Count);
        Assert.True(single.Scores.Zip(single.Scores.Skip(1)).All(pair => pair.First >= pair.Second), "scores best first");
        Assert.Equal("synthetic-2000x16-seed42", single.CatalogVersion);

        var many = new RecallManyRequest();
        var queries = Enumerable.Range(0, 12).Select(i => TestCatalog.Query(200 + i)).ToArray();
        many.Users.AddRange(queries.Select(q => Request(q, 1 + (q.Length * 3))));
        var replies = await Typed.RecallManyAsync(many, deadline: Deadline);
        for (var i = 0; i < queries.Length; i++)
        {
            cluster.AssertTopK(queries[i], replies.Replies[i].ItemIds, 1 + (queries[i].Length * 3));
        }
    }

    [Fact]
    public async Task Exclusions_FallingInEveryShard_AreLeftOut_AndTheNextBestTakeTheirPlaces()
    {
        var query = TestCatalog.Query(31);
        var best = cluster.BruteForce(query, 300);
        var excluded = Enumerable.Range(0, ShardedCluster.ShardCount)
            .SelectMany(shard => best.Where(row => ShardOf(row) == shard).Take(3))
            .Select(row => row.ToString(CultureInfo.InvariantCulture))
            .ToArray();
        Assert.Equal(9, excluded.Length);

        var request = Request(query, 40);
        request.ExcludeItemIds.AddRange(excluded);
        var reply = await Typed.RecallAsync(request, deadline: Deadline);

        Assert.Empty(reply.ItemIds.Intersect(excluded));
        cluster.AssertTopK(query, reply.ItemIds, 40, excluded);
    }

    [Fact]
    public async Task KillingOneReplicaUnderLoad_LosesNoCall()
    {
        const int Calls = 240, Concurrency = 12, KillAfter = 60;
        var completed = 0;
        var killPoint = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failures = new List<string>();
        async Task WorkerAsync(int worker)
        {
            for (var i = worker; i < Calls; i += Concurrency)
            {
                var query = TestCatalog.Query(1000 + i);
                try
                {
                    var reply = await Typed.RecallAsync(Request(query, 10), deadline: Deadline);
                    cluster.AssertTopK(query, reply.ItemIds, 10);
                }
                catch (Exception ex) when (ex is RpcException or Xunit.Sdk.XunitException)
                {
                    lock (failures)
                    {
                        failures.Add($"call {i}: {ex.Message}");
                    }
                }

                if (Interlocked.Increment(ref completed) == KillAfter)
                {
                    killPoint.TrySetResult();
                }
            }
        }

        var load = Task.WhenAll(Enumerable.Range(0, Concurrency).Select(WorkerAsync));
        await killPoint.Task.DefaultTimeout();
        await cluster.KillReplicaAsync(1, 0);
        await load.DefaultTimeout();

        Assert.Equal(Calls, completed);
        Assert.Empty(failures);
        await cluster.StartReplicaAsync(1, 0);
    }

    [Fact]
    public async Task AWholeShardGone_FailsFastNamingIt_MixedVersionsAreNeverMerged_AndItServesAgainWhenTheShardReturns()
    {
        var query = TestCatalog.Query(77);
        await cluster.KillReplicaAsync(2, 0);
        await cluster.KillReplicaAsync(2, 1);

        var watch = Stopwatch.StartNew();
        var gone = await Assert.ThrowsAsync<RpcException>(() => Typed.RecallAsync(Request(query, 10), deadline: Deadline).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, gone.StatusCode);
        Assert.Contains("shard 2", gone.Status.Detail, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"UNAVAILABLE took {watch.Elapsed}");

        // Back with another catalogue version: the router must refuse to merge, not answer.
        await Task.WhenAll(cluster.StartReplicaAsync(2, 0, "--Catalog:Version=other"), cluster.StartReplicaAsync(2, 1, "--Catalog:Version=other"));
        var mixed = await UntilAsync(status => status?.Detail.Contains("different catalogue versions", StringComparison.Ordinal) == true, query);
        Assert.Equal(StatusCode.Unavailable, mixed!.Value.StatusCode);
        Assert.Contains("shard 2: other", mixed.Value.Detail, StringComparison.Ordinal);

        // Back as it was: served again, exactly.
        await cluster.KillReplicaAsync(2, 0);
        await cluster.KillReplicaAsync(2, 1);
        await Task.WhenAll(cluster.StartReplicaAsync(2, 0), cluster.StartReplicaAsync(2, 1));
        Assert.Null(await UntilAsync(status => status is null, query));
        var reply = await Typed.RecallAsync(Request(query, 10), deadline: Deadline);
        cluster.AssertTopK(query, reply.ItemIds, 10);
    }

    private static int ShardOf(int row) => Enumerable.Range(0, ShardedCluster.ShardCount)
        .Last(shard => row >= shard * (long)ShardedCluster.Count / ShardedCluster.ShardCount);

    private static RecallRequest Request(float[] query, int k)
    {
        var request = new RecallRequest { TopK = (uint)k, IncludeScores = true };
        request.Vector.AddRange(query);
        return request;
    }

    // Calls until the outcome (null: success) satisfies what the test waits for, or the limit passes.
    // Each failing call returns at once; the router's channels reconnect on their own backoff.
    private async Task<Status?> UntilAsync(Func<Status?, bool> wanted, float[] query)
    {
        var watch = Stopwatch.StartNew();
        Status? last = null;
        while (watch.Elapsed < RecoveryLimit)
        {
            try
            {
                await Typed.RecallAsync(Request(query, 10), deadline: Deadline);
                last = null;
            }
            catch (RpcException ex)
            {
                last = ex.Status;
            }

            if (wanted(last))
            {
                return last;
            }
        }

        throw new Xunit.Sdk.XunitException($"not reached within {RecoveryLimit}; last outcome: {last?.ToString() ?? "OK"}");
    }
}
