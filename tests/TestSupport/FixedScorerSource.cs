using RsPipeline.Pipeline.Inference;

namespace RsPipeline.TestSupport;

/// <summary>A scorer source that hands out the one scorer it was given, whatever the changes asked for.</summary>
public sealed class FixedScorerSource(IItemScorer scorer) : IItemScorerSource
{
    /// <inheritdoc />
    public Task<IItemScorer> LoadAsync(ScorerOverrides changes, CancellationToken cancellationToken) => Task.FromResult(scorer);
}
