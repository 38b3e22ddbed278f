namespace RsPipeline.Pipeline;

/// <summary>The pipeline as the host sees it: submit a request, await its result.</summary>
public interface IRecallPipeline
{
    /// <summary>The version of the catalogue being served, for health and replies.</summary>
    string CatalogVersion { get; }

    /// <summary>The values a request vector must have: the catalogue's d, or F with a user tower.</summary>
    int Dimension { get; }

    /// <summary>Where the pipeline is in its life (health reports SERVING only in <see cref="PipelineState.Serving"/>).</summary>
    PipelineState State { get; }

    /// <summary>Raised after <see cref="State"/> changes, with the new state.</summary>
    event Action<PipelineState>? StateChanged;

    /// <summary>
    /// Submits one request. The task completes exactly once: with the request's own result, or
    /// faulted with a <see cref="RecallException"/> whose kind says why. Refusals (overloaded,
    /// unavailable, invalid) complete at once without queueing.
    /// </summary>
    Task<RecallResult> SubmitAsync(RecallRequest request);
}
