namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>Quickselect on <see cref="ScoredItem"/>: moves the best <c>k</c> (by <see cref="BestFirst"/>) to the front, in no particular order.</summary>
internal static class BestSelection
{
    public static void MoveBestToFront(Span<ScoredItem> items, int k)
    {
        var lo = 0;
        var hi = items.Length - 1;
        while (lo < hi)
        {
            var pivot = MedianOfThree(items[lo], items[lo + ((hi - lo) >> 1)], items[hi]);
            var i = lo;
            var j = hi;
            while (i <= j)
            {
                while (items[i].IsBetterThan(pivot))
                {
                    i++;
                }

                while (pivot.IsBetterThan(items[j]))
                {
                    j--;
                }

                if (i <= j)
                {
                    (items[i], items[j]) = (items[j], items[i]);
                    i++;
                    j--;
                }
            }

            // [lo, j] is no worse than the pivot, [i, hi] no better; the k-th position decides where to go on.
            if (k - 1 <= j)
            {
                hi = j;
            }
            else if (k - 1 >= i)
            {
                lo = i;
            }
            else
            {
                return;
            }
        }
    }

    private static ScoredItem MedianOfThree(ScoredItem a, ScoredItem b, ScoredItem c)
    {
        if (a.IsBetterThan(b))
        {
            (a, b) = (b, a);
        }

        // Now b is no worse than a.
        return c.IsBetterThan(b) ? b : c.IsBetterThan(a) ? c : a;
    }
}
