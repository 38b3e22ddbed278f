using Grpc.Core;
using Microsoft.Extensions.Options;
using RsPipeline.Pipeline;
using RsPipeline.Pipeline.Reload;
using RsPipeline.Shard.V1;

namespace RsPipeline.Host.Sharding;

/// <summary>
/// The internal shard API (rspipeline.shard.v1.Shard): a router's batch is scored whole, at once,
/// with the scorer serving now (the <see cref="ScorerSlot.Gate"/> keeps it to one batch at a time
/// with the public APIs' inference stage); no second batching window. Failures become statuses in
/// <see cref="Services.FailureInterceptor"/>, like the public services'.
/// </summary>
internal sealed class ShardService(ScorerSlot scorers, IRecallPipeline pipeline, IOptions<RecallOptions> recall) : RsPipeline.Shard.V1.Shard.ShardBase
{
    public override async Task<ScoreBatchReply> ScoreBatch(ScoreBatchRequest request, ServerCallContext context)
    {
        EnsureServing();
        var limits = recall.Value;
        using var gate = await scorers.Gate.EnterAsync(context.CancellationToken).ConfigureAwait(false);
        using var lease = scorers.Acquire();
        ShardBatch.Validate(request, lease.Scorer.InputDimension, limits.MaxTopK + limits.MaxExcludedItems, limits.MaxExcludedItems);
        return ShardBatch.Score(lease.Scorer, request);
    }

    public override Task<InfoReply> Info(InfoRequest request, ServerCallContext context)
    {
        EnsureServing();
        var scorer = scorers.Current;
        var catalog = scorer.Catalog;
        return Task.FromResult(new InfoReply
        {
            Dimension = (uint)scorer.InputDimension,
            Rows = (ulong)catalog.Count,
            CatalogVersion = catalog.Version,
            ShardIndex = (uint)(catalog.Shard?.Index ?? 0),
            ShardCount = (uint)(catalog.Shard?.Count ?? 1),
            FirstRow = (ulong)(catalog.Shard?.FirstRow ?? 0),
        });
    }

    private void EnsureServing()
    {
        if (pipeline.State != PipelineState.Serving || !scorers.IsInstalled)
        {
            throw new RecallException(RecallErrorKind.Unavailable, $"the shard is not serving ({pipeline.State})");
        }
    }
}
