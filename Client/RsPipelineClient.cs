using System.Globalization;
using RsPipeline.Protos.Rs;
using RsPipeline.Recall.V1;

namespace RsPipeline.Client;

/// <summary>
/// Typed calls to RsPipeline over the shared connection (its default deadline, retries or hedging,
/// token). Failures are <see cref="Grpc.Core.RpcException"/>s whose status names the problem
/// (protos/recall_v1.proto lists them).
/// </summary>
public sealed class RsPipelineClient(RSer.RSerClient seed, Recall.V1.Recall.RecallClient recall)
{
    /// <summary>The top-k items for one user.</summary>
    /// <param name="vector">The user's features: as many values as the server's request dimension.</param>
    /// <param name="topK">How many items; 0 = the server's Recall:DefaultTopK.</param>
    /// <param name="excludeItemIds">Items that must not be answered (e.g. already seen).</param>
    /// <param name="includeScores">Whether the reply carries the scores.</param>
    /// <param name="cancellationToken">Cancels the call (the server drops the request too).</param>
    public Task<RecallReply> RecallAsync(ReadOnlyMemory<float> vector, int topK = 0, IEnumerable<string>? excludeItemIds = null, bool includeScores = false, CancellationToken cancellationToken = default) =>
        RecallAsync(Request(vector, topK, excludeItemIds, includeScores), cancellationToken);

    /// <summary>The top-k items for one user, as <paramref name="request"/> asks.</summary>
    public async Task<RecallReply> RecallAsync(RecallRequest request, CancellationToken cancellationToken = default) =>
        await recall.RecallAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The top-k items for each of a page of users (at most the server's Server:MaxUsersPerCall), in
    /// order: replies[i] answers users[i]. All or nothing.
    /// </summary>
    public async Task<RecallManyReply> RecallManyAsync(IEnumerable<RecallRequest> users, CancellationToken cancellationToken = default)
    {
        var page = new RecallManyRequest();
        page.Users.Add(users);
        return await recall.RecallManyAsync(page, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The seed's contract (rs.RSer/CallRsItems): the server's default number of item ids, best first.</summary>
    public async Task<IReadOnlyList<string>> CallRsItemsAsync(ReadOnlyMemory<float> vector, CancellationToken cancellationToken = default)
    {
        var reply = await seed.CallRsItemsAsync(new userRequest { Vector = ToText(vector.Span) }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return reply.Items.Length == 0 ? [] : reply.Items.Split(',');
    }

    /// <summary>The seed's text form of a vector: decimal floats separated by commas ("R" keeps every float exact).</summary>
    public static string ToText(ReadOnlySpan<float> vector)
    {
        var text = new System.Text.StringBuilder(vector.Length * 10);
        for (var i = 0; i < vector.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(vector[i].ToString("R", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>A typed request.</summary>
    public static RecallRequest Request(ReadOnlyMemory<float> vector, int topK = 0, IEnumerable<string>? excludeItemIds = null, bool includeScores = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(topK);
        var request = new RecallRequest { TopK = (uint)topK, IncludeScores = includeScores };
        request.Vector.Capacity = vector.Length;
        foreach (var value in vector.Span)
        {
            request.Vector.Add(value);
        }

        if (excludeItemIds is not null)
        {
            request.ExcludeItemIds.Add(excludeItemIds);
        }

        return request;
    }
}
