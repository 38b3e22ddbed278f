using Grpc.Core;
using RsPipeline.Protos.Rs;

namespace RsPipeline.LoadGeneration.Calls;

/// <summary>Calls rs.RSer/CallRsItems with pre-formatted request messages.</summary>
public sealed class SeedApiCaller : IRecallCaller
{
    private readonly RSer.RSerClient[] _clients;
    private readonly userRequest[] _requests;
    private int _next = -1;

    /// <summary>One client per channel of <paramref name="channels"/>; one message per query of <paramref name="queries"/>.</summary>
    public SeedApiCaller(ChannelSet channels, QuerySet queries)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(queries);
        _clients = [.. channels.Channels.Select(channel => new RSer.RSerClient(channel))];
        _requests = [.. Enumerable.Range(0, queries.Count).Select(i => new userRequest { Vector = queries.Text(i) })];
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>?> CallAsync(int query, bool capture, DateTime deadline, CancellationToken cancellationToken)
    {
        var client = _clients[(uint)Interlocked.Increment(ref _next) % (uint)_clients.Length];
        var reply = await client.CallRsItemsAsync(_requests[query], new CallOptions(deadline: deadline, cancellationToken: cancellationToken));
        return capture ? reply.Items.Split(',') : null;
    }
}
