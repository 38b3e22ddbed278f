using RsPipeline.Catalog;

namespace RsPipeline.Pipeline.Inference;

/// <summary>
/// Exact maximum-inner-product search over a resident <see cref="ItemCatalog"/>. Implementations
/// keep their device memory and buffers for their lifetime and are used by one caller at a time
/// (the pipeline's single-degree inference stage).
/// </summary>
public interface IItemScorer : IDisposable
{
    /// <summary>The catalogue this scorer searches.</summary>
    ItemCatalog Catalog { get; }

    /// <summary>
    /// Values per query row: the catalogue's d, or F when a user tower turns features into
    /// embeddings first (<see cref="Tower.TowerItemScorer"/>). Requests are parsed and checked against it.
    /// </summary>
    int InputDimension => Catalog.Dimension;

    /// <summary>
    /// For each of <paramref name="rows"/> user vectors (row-major, <c>rows × InputDimension</c>),
    /// writes the <paramref name="k"/> best item indices and their scores into row <c>r</c> of
    /// <paramref name="indices"/> and <paramref name="scores"/> (each <c>rows × k</c>), best first;
    /// equal scores are ordered by lower item index so results are deterministic.
    /// </summary>
    /// <exception cref="ArgumentException">k outside 1..Count, or buffer sizes that do not match rows and d.</exception>
    void ScoreTopK(ReadOnlySpan<float> queries, int rows, int k, Span<int> indices, Span<float> scores);
}
