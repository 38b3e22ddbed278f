namespace RsPipeline.Pipeline;

/// <summary>The pipeline as the host sees it: submit a request, await its result.</summary>
public interface IRecallPipeline
{
    /// <summary>The version of the catalogue being served, for health and replies.</summary>
    string CatalogVersion { get; }

    /// <summary>The user-vector dimension the catalogue expects.</summary>
    int Dimension { get; }

    /// <summary>
    /// Submits one request. The task completes exactly once: with the request's own result, or
    /// faulted with a <see cref="RecallException"/> whose kind says why. Refusals (overloaded,
    /// unavailable, invalid) complete at once without queueing.
    /// </summary>
    Task<RecallResult> SubmitAsync(RecallRequest request);
}
