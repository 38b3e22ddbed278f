namespace RsPipeline.Pipeline;

/// <summary>What a single request may ask for (configuration section "Recall"). Read at start.</summary>
public sealed class RecallOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Recall";

    internal const int DefaultDefaultTopK = 100;
    internal const int DefaultMaxTopK = 1_000;
    internal const int DefaultMaxExcludedItems = 1_000;

    /// <summary>Ids answered when the request names no top_k (always, for the seed's contract). Default 100.</summary>
    public int DefaultTopK { get; set; } = DefaultDefaultTopK;

    /// <summary>The largest top_k a request may ask for. Default 1,000.</summary>
    public int MaxTopK { get; set; } = DefaultMaxTopK;

    /// <summary>The most item ids one request may exclude. Default 1,000.</summary>
    public int MaxExcludedItems { get; set; } = DefaultMaxExcludedItems;
}
