using RsPipeline.Pipeline.Inference.Selection;

namespace RsPipeline.Gpu;

/// <summary>
/// The last step on the host: each row's candidates (every item scoring at or above its threshold,
/// in arbitrary order) reduced to the k best, best first, equal scores by lower index — the
/// project's ranking (<see cref="TopKAccumulator.IsBetter"/>). Rows are shared among threads when
/// the batch is large.
/// </summary>
internal sealed class CandidateSelection
{
    private const int ParallelMinRows = 32;

    private readonly TopKAccumulator _serial = new(1);
    private int[] _indices = [];
    private float[] _scores = [];

    /// <summary>
    /// Selects rows <c>0..rows</c> of the candidate arrays (row r at <c>r·capacity</c>, <c>counts[r]</c>
    /// entries) into <paramref name="indices"/> and <paramref name="scores"/> from row <paramref name="firstRow"/> on.
    /// </summary>
    /// <exception cref="InvalidOperationException">A row has fewer than k candidates (a kernel bug: the threshold guarantees k).</exception>
    public void Select(int[] counts, float[] candidateScores, int[] candidateItems, int capacity, int rows, int k, int firstRow, Span<int> indices, Span<float> scores)
    {
        if (rows < ParallelMinRows)
        {
            for (var r = 0; r < rows; r++)
            {
                var at = (firstRow + r) * k;
                SelectRow(_serial, counts[r], candidateScores, candidateItems, (long)r * capacity, k, indices.Slice(at, k), scores.Slice(at, k));
            }

            return;
        }

        EnsureStaging(rows * k);
        var stagedIndices = _indices;
        var stagedScores = _scores;
        Parallel.For(0, rows, () => new TopKAccumulator(k), (r, _, accumulator) =>
        {
            SelectRow(accumulator, counts[r], candidateScores, candidateItems, (long)r * capacity, k, stagedIndices.AsSpan(r * k, k), stagedScores.AsSpan(r * k, k));
            return accumulator;
        }, _ => { });
        stagedIndices.AsSpan(0, rows * k).CopyTo(indices[(firstRow * k)..]);
        stagedScores.AsSpan(0, rows * k).CopyTo(scores[(firstRow * k)..]);
    }

    private static void SelectRow(TopKAccumulator accumulator, int count, float[] candidateScores, int[] candidateItems, long start, int k, Span<int> indices, Span<float> scores)
    {
        accumulator.Reset(k);
        for (var j = 0; j < count; j++)
        {
            accumulator.TryPush(candidateScores[start + j], candidateItems[start + j]);
        }

        var written = accumulator.DrainBestFirst(indices, scores);
        if (written != k)
        {
            throw new InvalidOperationException($"the GPU collect pass found {count} candidates for a row, fewer than k = {k}");
        }
    }

    private void EnsureStaging(int length)
    {
        if (_indices.Length < length)
        {
            _indices = new int[length];
            _scores = new float[length];
        }
    }
}
