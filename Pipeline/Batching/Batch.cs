namespace RsPipeline.Pipeline.Batching;

/// <summary>Requests that go through inference together, in arrival order.</summary>
/// <param name="Id">Sequence number of the batch, from 1.</param>
/// <param name="Items">The requests, in the order they arrived.</param>
/// <param name="Trigger">Why the batch left.</param>
/// <param name="OpenedTimestamp">When its first request arrived (TimeProvider timestamp).</param>
/// <param name="DispatchedTimestamp">When it left for inference (TimeProvider timestamp).</param>
public sealed record Batch<T>(long Id, IReadOnlyList<T> Items, BatchTrigger Trigger, long OpenedTimestamp, long DispatchedTimestamp)
{
    /// <summary>
    /// How many batches the batcher formed went into this one: more than 1 when batches that left
    /// while inference was busy were scored together (<see cref="Absorb"/>).
    /// </summary>
    public int Parts { get; init; } = 1;

    /// <summary>
    /// This batch followed by <paramref name="later"/> batches, in order, as one: the first one's id,
    /// trigger and timestamps (its requests waited longest), all the requests, the parts counted.
    /// </summary>
    public Batch<T> Absorb(IReadOnlyList<Batch<T>> later)
    {
        ArgumentNullException.ThrowIfNull(later);
        if (later.Count == 0)
        {
            return this;
        }

        var items = new List<T>(Items);
        var parts = Parts;
        foreach (var batch in later)
        {
            items.AddRange(batch.Items);
            parts += batch.Parts;
        }

        return this with { Items = items, Parts = parts };
    }
}
