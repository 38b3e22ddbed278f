using Xunit.Sdk;

namespace RsPipeline.TestSupport.Reference;

/// <summary>
/// Checks a float32 top-k answer against exact float64 scores. Tolerance: a float32 sum of d
/// products can differ from the exact one by at most γ_d·Σ|q_j·e_j| with γ_d = d·u/(1 − d·u),
/// u = 2⁻²⁴ (Higham, any summation order, FMA or not). Two items whose exact scores differ by more
/// than the sum of their bounds must be ordered by score; exact ties (bound 0: integer-valued
/// inputs whose partial sums stay below 2²⁴, so float32 computes them exactly) must be ordered by
/// lower index. Items within tolerance of each other may come in either order.
/// </summary>
public static class TopKAssert
{
    private const double UnitRoundoff = 1.0 / (1 << 24);
    private const double ExactIntegerLimit = 1 << 24;

    /// <summary>Asserts that <paramref name="actual"/> is a correct top-k for <paramref name="query"/>.</summary>
    public static void IsExactTopK(ReadOnlySpan<float> query, ReadOnlySpan<float> items, int count, int dimension, ReadOnlySpan<int> actual, int k)
    {
        if (actual.Length != k)
        {
            throw new XunitException($"expected {k} results, got {actual.Length}");
        }

        var scores = BruteForceTopK.AllScores(query, items, count, dimension);
        var bounds = ErrorBounds(query, items, count, dimension);
        var chosen = new HashSet<int>();
        for (var r = 0; r < k; r++)
        {
            var item = actual[r];
            if (item < 0 || item >= count)
            {
                throw new XunitException($"result {r} is item {item}, outside 0..{count - 1}");
            }

            if (!chosen.Add(item))
            {
                throw new XunitException($"item {item} appears twice");
            }

            if (r > 0)
            {
                RequireNotBetter(actual[r - 1], item, scores, bounds, $"at rank {r}");
            }
        }

        var last = actual[k - 1];
        for (var i = 0; i < count; i++)
        {
            if (!chosen.Contains(i))
            {
                RequireNotBetter(last, i, scores, bounds, "left out");
            }
        }
    }

    /// <summary>Per-item bound on |float32 score − exact score|; 0 where float32 is exact.</summary>
    public static double[] ErrorBounds(ReadOnlySpan<float> query, ReadOnlySpan<float> items, int count, int dimension)
    {
        var gamma = dimension * UnitRoundoff / (1 - (dimension * UnitRoundoff));
        var queryIntegral = IsIntegral(query);
        var bounds = new double[count];
        for (var i = 0; i < count; i++)
        {
            var magnitude = 0.0;
            for (var j = 0; j < dimension; j++)
            {
                magnitude += Math.Abs((double)query[j] * items[(i * dimension) + j]);
            }

            var exact = queryIntegral && magnitude < ExactIntegerLimit && IsIntegral(items.Slice(i * dimension, dimension));
            bounds[i] = exact ? 0 : gamma * magnitude;
        }

        return bounds;
    }

    // "earlier" was ranked before "later" (or "later" was left out): fail if "later" is clearly better,
    // or exactly tied with a lower index.
    private static void RequireNotBetter(int earlier, int later, double[] scores, double[] bounds, string where)
    {
        var tolerance = bounds[earlier] + bounds[later];
        var clearlyBetter = scores[later] > scores[earlier] + tolerance;
        var exactTieWrongOrder = tolerance == 0 && scores[later] == scores[earlier] && later < earlier;
        if (clearlyBetter || exactTieWrongOrder)
        {
            throw new XunitException(
                $"{where}: item {later} (score {scores[later]:R}) should precede item {earlier} (score {scores[earlier]:R}); tolerance {tolerance:R}");
        }
    }

    private static bool IsIntegral(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            if (v != MathF.Round(v))
            {
                return false;
            }
        }

        return true;
    }
}
