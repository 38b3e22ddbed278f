using RsPipeline.Catalog;

namespace RsPipeline.Pipeline.Inference;

/// <summary>The argument checks every <see cref="IItemScorer"/> applies, with messages that name the problem.</summary>
public static class ScoringArguments
{
    /// <summary>Throws <see cref="ArgumentException"/> unless the call is well formed for <paramref name="catalog"/>.</summary>
    public static void Validate(ItemCatalog catalog, ReadOnlySpan<float> queries, int rows, int k, Span<int> indices, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (rows < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, "a batch needs at least one row");
        }

        if (k < 1 || k > catalog.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and the catalogue's {catalog.Count} items");
        }

        if ((long)rows * catalog.Dimension != queries.Length)
        {
            throw new ArgumentException(
                $"dimension mismatch: {rows} rows need {(long)rows * catalog.Dimension} values at d = {catalog.Dimension}, got {queries.Length}",
                nameof(queries));
        }

        if ((long)rows * k > indices.Length || (long)rows * k > scores.Length)
        {
            throw new ArgumentException($"output buffers hold {Math.Min(indices.Length, scores.Length)} entries, need {rows} × {k}", nameof(indices));
        }
    }
}
