namespace RsPipeline.LoadGeneration.Verification;

/// <summary>
/// Checks one served top-k against exact float64 scores, with the tolerance rule of the test
/// suite's TopKAssert: a float32 dot product of d terms may differ from the exact one by at most
/// γ_d·Σ|q_j·e_j|, γ_d = d·u/(1 − d·u), u = 2⁻²⁴. Items whose exact scores differ by more than
/// the sum of their bounds must come in score order, and no item left out may beat the last one
/// by more than that; items within tolerance of each other may swap. Exact ties (bound 0) must be
/// ordered by lower row.
/// </summary>
public static class TopKCheck
{
    private const double UnitRoundoff = 1.0 / (1 << 24);

    /// <summary>Null when <paramref name="itemIds"/> is a correct top-<paramref name="k"/> for the query, else what is wrong.</summary>
    public static string? Check(ReferenceCatalog catalog, ReadOnlySpan<float> query, IReadOnlyList<string> itemIds, int k)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(itemIds);
        var expected = Math.Min(k, catalog.Count);
        if (itemIds.Count != expected)
        {
            return $"expected {expected} ids, got {itemIds.Count}";
        }

        var rows = new int[expected];
        var chosen = new HashSet<int>();
        for (var r = 0; r < expected; r++)
        {
            rows[r] = catalog.RowOf(itemIds[r]);
            if (rows[r] < 0)
            {
                return $"rank {r}: id '{itemIds[r]}' is not in the catalogue";
            }

            if (!chosen.Add(rows[r]))
            {
                return $"rank {r}: id '{itemIds[r]}' appears twice";
            }
        }

        var (scores, bounds) = ScoresAndBounds(catalog, query);
        for (var r = 1; r < expected; r++)
        {
            if (Violates(rows[r - 1], rows[r], scores, bounds))
            {
                return $"rank {r}: item {itemIds[r]} (exact score {scores[rows[r]]:R}) should precede item {itemIds[r - 1]} (exact score {scores[rows[r - 1]]:R})";
            }
        }

        var last = rows[expected - 1];
        for (var i = 0; i < catalog.Count; i++)
        {
            if (!chosen.Contains(i) && Violates(last, i, scores, bounds))
            {
                return $"row {i} (exact score {scores[i]:R}) was left out but beats the last answered item {itemIds[expected - 1]} (exact score {scores[last]:R})";
            }
        }

        return null;
    }

    // "earlier" was ranked before "later" (or "later" was left out): wrong if "later" is clearly
    // better, or exactly tied with a lower row.
    private static bool Violates(int earlier, int later, double[] scores, double[] bounds)
    {
        var tolerance = bounds[earlier] + bounds[later];
        return scores[later] > scores[earlier] + tolerance
            || (tolerance == 0 && scores[later] == scores[earlier] && later < earlier);
    }

    private static (double[] Scores, double[] Bounds) ScoresAndBounds(ReferenceCatalog catalog, ReadOnlySpan<float> query)
    {
        var d = catalog.Dimension;
        var gamma = d * UnitRoundoff / (1 - (d * UnitRoundoff));
        var integralQuery = IsIntegral(query);
        var values = catalog.Values;
        var scores = new double[catalog.Count];
        var bounds = new double[catalog.Count];
        for (var i = 0; i < catalog.Count; i++)
        {
            var row = values.Slice(i * d, d);
            var sum = 0.0;
            var magnitude = 0.0;
            for (var j = 0; j < d; j++)
            {
                var product = (double)query[j] * row[j];
                sum += product;
                magnitude += Math.Abs(product);
            }

            scores[i] = sum;
            var exact = integralQuery && magnitude < (1 << 24) && IsIntegral(row);
            bounds[i] = exact ? 0 : gamma * magnitude;
        }

        return (scores, bounds);
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
