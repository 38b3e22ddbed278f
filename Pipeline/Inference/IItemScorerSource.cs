namespace RsPipeline.Pipeline.Inference;

/// <summary>Produces the scorer the pipeline serves with: loads the configured catalogue and builds the configured scorer over it.</summary>
public interface IItemScorerSource
{
    /// <summary>Loads the catalogue and creates the scorer; the caller owns (disposes) the result.</summary>
    Task<IItemScorer> LoadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Loads afresh for a reload, from the configuration as it is now with <paramref name="changes"/>
    /// applied; the caller owns (disposes) the result. A source that cannot reload with overrides
    /// throws <see cref="NotSupportedException"/>.
    /// </summary>
    Task<IItemScorer> LoadAsync(ScorerOverrides changes, CancellationToken cancellationToken) =>
        changes == ScorerOverrides.None
            ? LoadAsync(cancellationToken)
            : throw new NotSupportedException($"{GetType().Name} cannot reload with paths other than the configured ones");
}
