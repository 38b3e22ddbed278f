using Grpc.Core;
using RsPipeline.Catalog;
using RsPipeline.Pipeline;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Shard.V1;

namespace RsPipeline.Host.Routing;

/// <summary>
/// The router's scorer: each batch goes to one replica of every shard in parallel, with the batch's
/// deadline; the per-shard lists are merged exactly (<see cref="ShardMerge"/>). All or nothing: a
/// shard that cannot answer fails the batch with UNAVAILABLE naming it, never a partial answer; the
/// shards must answer from one catalogue version (asked once more on a mismatch, then UNAVAILABLE).
/// </summary>
internal sealed class RemoteShardScorer : IRemoteItemScorer
{
    private readonly IReadOnlyList<ShardGroup> _shards;
    private readonly RouterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RemoteShardScorer(IReadOnlyList<ShardGroup> shards, ItemCatalog catalog, RouterOptions options, TimeProvider time, ILogger logger)
    {
        _shards = shards;
        Catalog = catalog;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public ItemCatalog Catalog { get; }

    public RemoteScores ScoreBatch(ReadOnlyMemory<float> queries, int rows, int k, DateTime deadline)
    {
        var latest = _time.GetUtcNow().UtcDateTime + _options.MaxCallTime;
        deadline = deadline > latest ? latest : deadline;
        var request = Request(queries.Span, rows, k);
        var replies = ScoreAll(request, deadline);
        if (Mismatch(replies) is { } versions)
        {
            RouterLog.VersionMismatchRetried(_logger, versions);
            replies = ScoreAll(request, deadline);
            if (Mismatch(replies) is { } again)
            {
                throw new RecallException(RecallErrorKind.Unavailable, $"the shards answered from different catalogue versions ({again}); a catalogue update is rolling, try again");
            }
        }

        var merged = new RemoteCandidates[rows];
        for (var r = 0; r < rows; r++)
        {
            merged[r] = ShardMerge.Merge(replies, r, k);
        }

        return new RemoteScores(merged, replies[0].CatalogVersion);
    }

    // Warm-up and timing only (ScorerWarmUp): the indices are positions in each row's answer.
    public void ScoreTopK(ReadOnlySpan<float> queries, int rows, int k, Span<int> indices, Span<float> scores)
    {
        var answer = ScoreBatch(queries.ToArray(), rows, k, _time.GetUtcNow().UtcDateTime + _options.MaxCallTime);
        for (var r = 0; r < rows; r++)
        {
            var row = answer.Rows[r];
            for (var i = 0; i < Math.Min(k, row.ItemIds.Count); i++)
            {
                indices[(r * k) + i] = i;
                scores[(r * k) + i] = row.Scores[i];
            }
        }
    }

    public void Dispose()
    {
        foreach (var shard in _shards)
        {
            shard.Dispose();
        }
    }

    private ScoreBatchRequest Request(ReadOnlySpan<float> queries, int rows, int k)
    {
        var dimension = Catalog.Dimension;
        var request = new ScoreBatchRequest();
        for (var r = 0; r < rows; r++)
        {
            var query = new ShardQuery { TopK = (uint)k };
            foreach (var value in queries.Slice(r * dimension, dimension))
            {
                query.Vector.Add(value);
            }

            request.Queries.Add(query);
        }

        return request;
    }

    private ScoreBatchReply[] ScoreAll(ScoreBatchRequest request, DateTime deadline)
    {
        var calls = _shards.Select(shard => ScoreOneAsync(shard, request, deadline)).ToArray();
        try
        {
            Task.WaitAll(calls);
        }
        catch (AggregateException)
        {
            // The first failing shard in shard order names the failure; a deadline beats the others.
            var failures = calls.Where(c => c.IsFaulted).Select(c => c.Exception!.InnerException!).ToArray();
            throw failures.OfType<RecallException>().FirstOrDefault(e => e.Kind == RecallErrorKind.DeadlineExceeded)
                ?? failures.OfType<RecallException>().FirstOrDefault()
                ?? new RecallException(RecallErrorKind.Unavailable, "a shard call failed", failures[0]);
        }

        return calls.Select(c => c.Result).ToArray();
    }

    private async Task<ScoreBatchReply> ScoreOneAsync(ShardGroup shard, ScoreBatchRequest request, DateTime deadline)
    {
        ScoreBatchReply reply;
        try
        {
            reply = await shard.Client.ScoreBatchAsync(request, deadline: deadline).ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.DeadlineExceeded)
        {
            throw new RecallException(RecallErrorKind.DeadlineExceeded, $"shard {shard.Index} did not answer before the caller's deadline");
        }
        catch (RpcException ex)
        {
            throw new RecallException(RecallErrorKind.Unavailable, $"shard {shard.Index} ({shard.Address}) has no replica that answered: {ex.StatusCode}: {ex.Status.Detail}", ex);
        }

        Check(shard, request, reply);
        return reply;
    }

    // A reply that does not fit the question (another shard behind this address, a lost query) is the shard's failure, not an answer.
    private void Check(ShardGroup shard, ScoreBatchRequest request, ScoreBatchReply reply)
    {
        string? problem = null;
        if (reply.ShardIndex != shard.Index || reply.ShardCount != _shards.Count)
        {
            problem = $"it answered as shard {reply.ShardIndex} of {reply.ShardCount}, the router expects shard {shard.Index} of {_shards.Count}";
        }
        else if (reply.Results.Count != request.Queries.Count)
        {
            problem = $"it answered {reply.Results.Count} queries of {request.Queries.Count}";
        }
        else if (reply.Results.Any(r => r.ItemIds.Count != r.Scores.Count || r.ItemIds.Count > request.Queries[0].TopK))
        {
            problem = "a query's answer has more ids than asked for, or ids and scores that do not pair up";
        }

        if (problem is not null)
        {
            throw new RecallException(RecallErrorKind.Unavailable, $"shard {shard.Index} ({shard.Address}) answered wrongly: {problem}");
        }
    }

    private static string? Mismatch(ScoreBatchReply[] replies) =>
        replies.Select(r => r.CatalogVersion).Distinct(StringComparer.Ordinal).Count() == 1
            ? null
            : string.Join(", ", replies.Select((r, s) => $"shard {s}: {r.CatalogVersion}"));
}
