namespace RsPipeline.Pipeline.Inference;

/// <summary>Produces the scorer the pipeline serves with: loads the configured catalogue and builds the configured scorer over it.</summary>
public interface IItemScorerSource
{
    /// <summary>Loads the catalogue and creates the scorer; the caller owns (disposes) the result.</summary>
    Task<IItemScorer> LoadAsync(CancellationToken cancellationToken);
}
