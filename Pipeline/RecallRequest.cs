using System.Diagnostics;

namespace RsPipeline.Pipeline;

/// <summary>
/// One user's recall request as it enters the pipeline: either the seed's feature text or an
/// already parsed vector, plus what the caller asks of the reply and the caller's deadline.
/// </summary>
public sealed class RecallRequest
{
    /// <summary>The user's features as decimal floats separated by commas (the seed's contract); null when <see cref="Features"/> is given.</summary>
    public string? FeatureText { get; init; }

    /// <summary>The user's features as floats (the typed API); null when <see cref="FeatureText"/> is given.</summary>
    public ReadOnlyMemory<float>? Features { get; init; }

    /// <summary>How many item ids to answer; null means the configured default.</summary>
    public int? TopK { get; init; }

    /// <summary>Item ids that must not appear in the reply (items the user already saw).</summary>
    public IReadOnlyCollection<string> ExcludedItemIds { get; init; } = [];

    /// <summary>Whether the reply carries the scores beside the ids.</summary>
    public bool IncludeScores { get; init; }

    /// <summary>The caller's deadline (UTC); a request still queued when it passes is not scored.</summary>
    public DateTime? Deadline { get; init; }

    /// <summary>Cancelled when the caller gives up; a request cancelled before scoring is dropped.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// When <see cref="CancellationToken"/> may fire for a reason other than the caller giving up
    /// (the other users of a RecallMany whose page failed), returns that reason, which the request
    /// then ends with (and is counted as) instead of CANCELLED; null while there is none.
    /// </summary>
    public Func<RecallException?>? CancellationCause { get; init; }

    /// <summary>The caller's trace context, so pipeline spans join the caller's trace.</summary>
    public ActivityContext ParentContext { get; init; }
}
