using RsPipeline.Catalog;

namespace RsPipeline.Pipeline;

/// <summary>A request's candidate items from the scorer, best first (more than k when exclusions may remove some).</summary>
/// <param name="Indices">Positions in <paramref name="ItemIds"/>, best first.</param>
/// <param name="Scores">Their scores.</param>
/// <param name="ItemIds">The ids the positions refer to: a local catalogue's (one per row), or a remote scorer's answer for this request.</param>
/// <param name="Version">The version of the catalogue that produced them.</param>
internal sealed record ScoredCandidates(int[] Indices, float[] Scores, IReadOnlyList<string> ItemIds, string Version)
{
    /// <summary>Candidates that are rows of <paramref name="catalog"/>.</summary>
    public ScoredCandidates(int[] indices, float[] scores, ItemCatalog catalog)
        : this(indices, scores, catalog.ItemIds, catalog.Version)
    {
    }
}
