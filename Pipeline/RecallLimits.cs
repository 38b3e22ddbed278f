namespace RsPipeline.Pipeline;

/// <summary>The messages for requests beyond the "Recall" limits, the same wherever they are checked.</summary>
public static class RecallLimits
{
    /// <summary>top_k above <see cref="RecallOptions.MaxTopK"/>.</summary>
    public static string TopKTooLarge(long topK, int max) => $"top_k {topK} exceeds the maximum {max} (Recall:MaxTopK)";

    /// <summary>top_k below 1.</summary>
    public static string TopKTooSmall(long topK) => $"top_k must be at least 1, was {topK}";

    /// <summary>More exclusions than <see cref="RecallOptions.MaxExcludedItems"/>.</summary>
    public static string TooManyExclusions(int count, int max) => $"exclude_item_ids holds {count} ids, the maximum is {max} (Recall:MaxExcludedItems)";
}
