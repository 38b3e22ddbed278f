namespace RsPipeline.TestSupport.Reference;

/// <summary>
/// The reference every scorer is checked against: scores in float64 by a plain double loop,
/// ordered by score descending then item index ascending. Deliberately naive.
/// </summary>
public static class BruteForceTopK
{
    /// <summary>The exact inner product of one query with one item, in float64.</summary>
    public static double Score(ReadOnlySpan<float> query, ReadOnlySpan<float> items, int dimension, int item)
    {
        var sum = 0.0;
        for (var j = 0; j < dimension; j++)
        {
            sum += (double)query[j] * items[(item * dimension) + j];
        }

        return sum;
    }

    /// <summary>All items' exact scores for one query.</summary>
    public static double[] AllScores(ReadOnlySpan<float> query, ReadOnlySpan<float> items, int count, int dimension)
    {
        var scores = new double[count];
        for (var i = 0; i < count; i++)
        {
            scores[i] = Score(query, items, dimension, i);
        }

        return scores;
    }

    /// <summary>The exact top-k item indices for one query, best first, ties by lower index.</summary>
    public static int[] TopK(ReadOnlySpan<float> query, ReadOnlySpan<float> items, int count, int dimension, int k)
    {
        var scores = AllScores(query, items, count, dimension);
        return Enumerable.Range(0, count)
            .OrderByDescending(i => scores[i])
            .ThenBy(i => i)
            .Take(k)
            .ToArray();
    }
}
