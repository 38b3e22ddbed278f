using System.Globalization;
using Grpc.Net.Client;
using RsPipeline.Catalog.Synthetic;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.TestSupport.Reference;

namespace RsPipeline.Host.Tests.Sharding;

/// <summary>
/// 3 shards × 2 replicas of a small synthetic catalogue and a router over them, each its own
/// process on loopback; replicas can be killed and started again on their ports.
/// </summary>
public sealed class ShardedCluster : IAsyncLifetime
{
    public const int ShardCount = 3;
    public const int ReplicasPerShard = 2;
    public const int Count = 2000;
    public const int Dimension = 16;
    public const int SeedTopK = 700;

    private readonly HostProcess?[,] _replicas = new HostProcess?[ShardCount, ReplicasPerShard];
    private readonly int[,] _ports = new int[ShardCount, ReplicasPerShard];

    /// <summary>The whole catalogue, as the shards generate their parts of it.</summary>
    public float[] Embeddings { get; } = SyntheticCatalog.Generate(Count, Dimension, 42);

    public HostProcess Router { get; private set; } = null!;

    public GrpcChannel Channel => Router.Channel;

    public async Task InitializeAsync()
    {
        var starts = new List<Task>();
        for (var shard = 0; shard < ShardCount; shard++)
        {
            for (var replica = 0; replica < ReplicasPerShard; replica++)
            {
                _ports[shard, replica] = LoopbackPorts.Free();
                starts.Add(StartReplicaAsync(shard, replica));
            }
        }

        await Task.WhenAll(starts);
        var shards = Enumerable.Range(0, ShardCount).Select(shard =>
            $"--Router:Shards:{shard}=" + string.Join(",", Enumerable.Range(0, ReplicasPerShard).Select(r => $"http://127.0.0.1:{_ports[shard, r]}")));
        Router = await HostProcess.StartAsync(shards.Concat([$"--Recall:DefaultTopK={SeedTopK}", "--Router:MaxCallTime=00:00:05"]));
    }

    /// <summary>Starts (again) replica <paramref name="replica"/> of shard <paramref name="shard"/> on its port, with <paramref name="extra"/> arguments.</summary>
    public async Task StartReplicaAsync(int shard, int replica, params string[] extra)
    {
        string[] arguments =
        [
            $"--Catalog:SyntheticItemCount={Count}", $"--Catalog:SyntheticDimension={Dimension}",
            $"--Catalog:Shard:Index={shard}", $"--Catalog:Shard:Count={ShardCount}", .. extra,
        ];
        _replicas[shard, replica] = await HostProcess.StartAsync(HostLaunch.BuildOutput, arguments, _ports[shard, replica]);
    }

    /// <summary>Kills the replica's process at once (no drain), as a crash does.</summary>
    public async Task KillReplicaAsync(int shard, int replica)
    {
        if (_replicas[shard, replica] is { } process)
        {
            _replicas[shard, replica] = null;
            await process.DisposeAsync();
        }
    }

    /// <summary>Asserts that <paramref name="ids"/> is the exact top-k over the whole catalogue less <paramref name="excluded"/>.</summary>
    public void AssertTopK(float[] query, IReadOnlyList<string> ids, int k, IReadOnlyCollection<string>? excluded = null)
    {
        var kept = Enumerable.Range(0, Count)
            .Where(i => excluded is null || !excluded.Contains(i.ToString(CultureInfo.InvariantCulture)))
            .ToArray();
        var items = kept.SelectMany(i => Embeddings.AsSpan(i * Dimension, Dimension).ToArray()).ToArray();
        var position = kept.Select((row, index) => (row, index)).ToDictionary(p => p.row, p => p.index);
        var actual = ids.Select(id => position.TryGetValue(int.Parse(id, CultureInfo.InvariantCulture), out var p) ? p : -1).ToArray();
        TopKAssert.IsExactTopK(query, items, kept.Length, Dimension, actual, k);
    }

    /// <summary>The best <paramref name="k"/> rows by the exact float64 scores.</summary>
    public int[] BruteForce(float[] query, int k) => BruteForceTopK.TopK(query, Embeddings, Count, Dimension, k);

    public async Task DisposeAsync()
    {
        if (Router is not null)
        {
            await Router.DisposeAsync();
        }

        for (var shard = 0; shard < ShardCount; shard++)
        {
            for (var replica = 0; replica < ReplicasPerShard; replica++)
            {
                await KillReplicaAsync(shard, replica);
            }
        }
    }
}
