namespace RsPipeline.Pipeline.Telemetry;

/// <summary>
/// One batch's pass through inference as its requests see it: which batch, how large, when it
/// started and ended (TimeProvider timestamps). Shared by the batch's requests, so the per-request
/// spans and histograms need one allocation per batch, not per request.
/// </summary>
internal sealed class BatchInference(long id, int size, long startedTimestamp)
{
    public long Id { get; } = id;

    public int Size { get; } = size;

    public long StartedTimestamp { get; } = startedTimestamp;

    /// <summary>When scoring ended (or failed); 0 while it runs. Set before the requests move on.</summary>
    public long EndedTimestamp { get; set; }

    /// <summary>The inference time the batching policy predicted for the batch (LatencySlo); null when it predicted none.</summary>
    public TimeSpan? Predicted { get; init; }
}
