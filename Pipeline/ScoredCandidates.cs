using RsPipeline.Catalog;

namespace RsPipeline.Pipeline;

/// <summary>A request's candidate items from the scorer, best first (more than k when exclusions may remove some).</summary>
/// <param name="Indices">Item row indices, best first.</param>
/// <param name="Scores">Their scores.</param>
/// <param name="Catalog">The catalogue they index into (ids, version).</param>
internal sealed record ScoredCandidates(int[] Indices, float[] Scores, ItemCatalog Catalog);
