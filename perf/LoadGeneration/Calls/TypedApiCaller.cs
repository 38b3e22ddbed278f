using Grpc.Core;
using RsPipeline.Recall.V1;

namespace RsPipeline.LoadGeneration.Calls;

/// <summary>Calls rspipeline.recall.v1.Recall/Recall with pre-built request messages.</summary>
public sealed class TypedApiCaller : IRecallCaller
{
    private readonly Recall.V1.Recall.RecallClient[] _clients;
    private readonly RecallRequest[] _requests;
    private int _next = -1;

    /// <summary>One client per channel; one message per query, asking for <paramref name="topK"/> items.</summary>
    public TypedApiCaller(ChannelSet channels, QuerySet queries, int topK)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(queries);
        _clients = [.. channels.Channels.Select(channel => new Recall.V1.Recall.RecallClient(channel))];
        _requests = new RecallRequest[queries.Count];
        for (var i = 0; i < queries.Count; i++)
        {
            _requests[i] = new RecallRequest { TopK = (uint)topK };
            _requests[i].Vector.AddRange(queries.Vector(i).ToArray());
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>?> CallAsync(int query, bool capture, DateTime deadline, CancellationToken cancellationToken)
    {
        var client = _clients[(uint)Interlocked.Increment(ref _next) % (uint)_clients.Length];
        var reply = await client.RecallAsync(_requests[query], new CallOptions(deadline: deadline, cancellationToken: cancellationToken));
        return capture ? reply.ItemIds : null;
    }
}
