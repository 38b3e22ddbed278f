namespace RsPipeline.Pipeline.Inference;

/// <summary>Produces the scorer the pipeline serves with: loads the configured catalogue and builds the configured scorer over it.</summary>
public interface IItemScorerSource
{
    /// <summary>
    /// Loads the catalogue and creates the scorer the configuration describes now, with
    /// <paramref name="changes"/> applied (<see cref="ScorerOverrides.None"/> at start-up); the caller
    /// owns (disposes) the result. A source that cannot apply changes throws <see cref="NotSupportedException"/>.
    /// </summary>
    Task<IItemScorer> LoadAsync(ScorerOverrides changes, CancellationToken cancellationToken);
}
