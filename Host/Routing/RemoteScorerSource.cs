using Grpc.Core;
using Microsoft.Extensions.Options;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Shard.V1;

namespace RsPipeline.Host.Routing;

/// <summary>
/// The router's <see cref="IItemScorerSource"/>: asks every shard what it serves (Info) until all
/// have answered consistently — one dimension, shard i of N at address i, contiguous row ranges, one
/// catalogue version — and builds the <see cref="RemoteShardScorer"/> over them. Until then the
/// pipeline is starting and health is NOT_SERVING; a dimension that differs between shards stops start-up.
/// </summary>
internal sealed class RemoteScorerSource(IOptions<RouterOptions> options, TimeProvider time, ILogger<RemoteScorerSource> logger) : IItemScorerSource
{
    private static readonly TimeSpan InfoTimeout = TimeSpan.FromSeconds(5);

    public async Task<IItemScorer> LoadAsync(ScorerOverrides changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes != ScorerOverrides.None)
        {
            throw new NotSupportedException("a router holds no catalogue of its own: reload its shards");
        }

        var settings = options.Value;
        var shards = settings.Shards.Select((address, index) => new ShardGroup(index, address, settings)).ToArray();
        try
        {
            var infos = await InfoOfAllAsync(shards, settings, cancellationToken).ConfigureAwait(false);
            var catalog = Describe(shards, infos);
            RouterLog.ShardsConnected(logger, shards.Length, catalog.Count, catalog.Dimension, catalog.Version);
            return new RemoteShardScorer(shards, catalog, settings, time, logger);
        }
        catch
        {
            foreach (var shard in shards)
            {
                shard.Dispose();
            }

            throw;
        }
    }

    private async Task<InfoReply[]> InfoOfAllAsync(ShardGroup[] shards, RouterOptions settings, CancellationToken cancellationToken)
    {
        var infos = new InfoReply?[shards.Length];
        while (true)
        {
            for (var i = 0; i < shards.Length; i++)
            {
                if (infos[i] is not null)
                {
                    continue;
                }

                try
                {
                    infos[i] = await shards[i].Client.InfoAsync(new InfoRequest(), deadline: time.GetUtcNow().UtcDateTime + InfoTimeout, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
                }
                catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    RouterLog.ShardWaiting(logger, i, shards[i].Address, $"{ex.StatusCode}: {ex.Status.Detail}", settings.ConnectRetryInterval.TotalMilliseconds);
                }
            }

            if (infos.All(info => info is not null))
            {
                var answered = infos.Select(info => info!).ToArray();
                if (answered.Select(info => info.CatalogVersion).Distinct(StringComparer.Ordinal).Count() == 1)
                {
                    return answered;
                }

                // A catalogue update is rolling: ask them all again.
                RouterLog.VersionMismatchRetried(logger, string.Join(", ", answered.Select((info, s) => $"shard {s}: {info.CatalogVersion}")));
                Array.Clear(infos);
            }

            await Task.Delay(settings.ConnectRetryInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ItemCatalog Describe(ShardGroup[] shards, InfoReply[] infos)
    {
        var problems = new List<string>();
        var dimension = infos[0].Dimension;
        ulong next = 0;
        for (var i = 0; i < infos.Length; i++)
        {
            var info = infos[i];
            if (info.Dimension != dimension)
            {
                problems.Add($"shard {i} ({shards[i].Address}) serves d = {info.Dimension}, shard 0 d = {dimension}");
            }

            if (info.ShardIndex != i || info.ShardCount != infos.Length)
            {
                problems.Add($"{shards[i].Address} serves shard {info.ShardIndex} of {info.ShardCount}, configured as Router:Shards:{i} of {infos.Length}");
            }

            if (info.FirstRow != next)
            {
                problems.Add($"shard {i} starts at row {info.FirstRow}, the shards before it end at row {next}");
            }

            next = info.FirstRow + info.Rows;
        }

        if (next > int.MaxValue)
        {
            problems.Add($"the shards hold {next} rows together, more than this server can count ({int.MaxValue})");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"the shards do not form one catalogue: {string.Join("; ", problems)}");
        }

        var source = $"router over {shards.Length} shards ({string.Join(", ", shards.Select(s => s.Address))})";
        return ItemCatalog.Remote((int)next, (int)dimension, infos[0].CatalogVersion, source);
    }
}
