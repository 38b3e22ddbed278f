using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Pipeline;

// Swapping the scorer while serving (catalogue / tower reload).
public sealed partial class RecallPipeline
{
    /// <summary>The scorer new batches use; null before <see cref="Activate"/>.</summary>
    public IItemScorer? CurrentScorer => _scorers.Current;

    /// <summary>
    /// Serves every batch that starts from now on with <paramref name="next"/> (loaded, validated and
    /// warmed up by the caller); a batch already scoring finishes with the previous scorer. Completes
    /// with the previous scorer once no batch uses it any more; the caller then owns (disposes) it.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The pipeline is not serving, or <paramref name="next"/> expects request vectors of another
    /// dimension: requests already parsed for the current one could not be scored by it.
    /// </exception>
    public Task<IItemScorer> ReplaceScorerAsync(IItemScorer next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (State != PipelineState.Serving || _scorers.Current is not { } current)
        {
            throw new InvalidOperationException($"the pipeline is {State}, not serving; nothing to replace");
        }

        if (next.InputDimension != current.InputDimension)
        {
            throw new InvalidOperationException(
                $"the new catalogue expects request vectors of {next.InputDimension} values, the one serving {current.InputDimension}; "
                + "a change of request dimension needs a restart (callers send vectors of the old dimension until they change too)");
        }

        PipelineLog.ScorerReplaced(_logger, current.Catalog.Version, next.Catalog.Version, next.Catalog.Count, next.Catalog.Dimension);
        return ReleasedAsync(_scorers.Replace(next));
    }

    private static async Task<IItemScorer> ReleasedAsync(Task<IItemScorer?> released) =>
        await released.ConfigureAwait(false) ?? throw new InvalidOperationException("no previous scorer");
}
