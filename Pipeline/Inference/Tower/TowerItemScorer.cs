using RsPipeline.Catalog;

namespace RsPipeline.Pipeline.Inference.Tower;

/// <summary>
/// A scorer whose queries are feature vectors: each batch goes through the user tower once (B×F →
/// B×d) and the embeddings are scored by the inner scorer. Owns both and disposes them together.
/// </summary>
public sealed class TowerItemScorer : IItemScorer
{
    private readonly IUserEncoder _tower;
    private readonly IItemScorer _inner;
    private float[] _embeddings = [];

    /// <summary>Puts <paramref name="tower"/> in front of <paramref name="inner"/>; its output width must be the catalogue's d.</summary>
    /// <exception cref="ArgumentException">The tower's output dimension is not the catalogue's.</exception>
    public TowerItemScorer(IUserEncoder tower, IItemScorer inner)
    {
        ArgumentNullException.ThrowIfNull(tower);
        ArgumentNullException.ThrowIfNull(inner);
        if (tower.OutputDimension != inner.Catalog.Dimension)
        {
            throw new ArgumentException($"the user tower answers {tower.OutputDimension} values per row, the catalogue has d = {inner.Catalog.Dimension}", nameof(tower));
        }

        _tower = tower;
        _inner = inner;
    }

    /// <inheritdoc />
    public ItemCatalog Catalog => _inner.Catalog;

    /// <summary>F: the tower's input width, which requests must match.</summary>
    public int InputDimension => _tower.InputDimension;

    /// <inheritdoc />
    public void ScoreTopK(ReadOnlySpan<float> queries, int rows, int k, Span<int> indices, Span<float> scores)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        if ((long)rows * InputDimension != queries.Length)
        {
            throw new ArgumentException(
                $"dimension mismatch: {rows} rows need {(long)rows * InputDimension} values at F = {InputDimension}, got {queries.Length}",
                nameof(queries));
        }

        var length = rows * Catalog.Dimension;
        if (_embeddings.Length < length)
        {
            _embeddings = new float[length];
        }

        _tower.Encode(queries, rows, _embeddings);
        _inner.ScoreTopK(_embeddings.AsSpan(0, length), rows, k, indices, scores);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _tower.Dispose();
        _inner.Dispose();
    }
}
