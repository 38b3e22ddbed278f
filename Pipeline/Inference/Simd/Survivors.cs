using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>The rare path: offers the scores of a panel that beat their query's threshold.</summary>
internal static unsafe class Survivors
{
    /// <summary>
    /// <paramref name="scores"/> holds <paramref name="width"/> rows of 32 scores (panel
    /// <paramref name="panel"/>, queries from <paramref name="firstRow"/>); finds the survivors with vector compares.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Offer(in ScanContext context, float* scores, int width, int firstRow, int panel)
    {
        for (var q = 0; q < width; q++)
        {
            var row = firstRow + q;
            var rowScores = scores + (q * PackedCatalog.PanelWidth);
            var mask = AboveMask(rowScores, context.TopK.Threshold(row));
            if (mask != 0)
            {
                OfferRow(context, rowScores, mask, row, panel);
            }
        }
    }

    /// <summary>
    /// Offers the lanes of <paramref name="mask"/> (bit i: score i beat the threshold when the
    /// kernel compared) from one row of 32 <paramref name="scores"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OfferRow(in ScanContext context, float* scores, uint mask, int row, int panel)
    {
        var topK = context.TopK;
        var firstItem = panel * PackedCatalog.PanelWidth;
        var validLanes = context.Items.Count - firstItem;
        if (validLanes < PackedCatalog.PanelWidth)
        {
            // Padding lanes of the last panel are never items.
            mask &= (1u << validLanes) - 1;
        }

        ref var threshold = ref topK.Threshold(row);
        while (mask != 0)
        {
            var lane = BitOperations.TrailingZeroCount(mask);
            var score = scores[lane];

            // The threshold may have risen since the kernel compared.
            if (!(score <= threshold))
            {
                topK.Offer(row, score, firstItem + lane);
            }

            mask &= mask - 1;
        }
    }

    // Bit i set where scores[i] is not ≤ threshold (greater, or unordered while the threshold is NaN).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint AboveMask(float* scores, float threshold)
    {
        var t = Vector256.Create(threshold);
        var m0 = ~Vector256.LessThanOrEqual(Vector256.Load(scores), t);
        var m1 = ~Vector256.LessThanOrEqual(Vector256.Load(scores + 8), t);
        var m2 = ~Vector256.LessThanOrEqual(Vector256.Load(scores + 16), t);
        var m3 = ~Vector256.LessThanOrEqual(Vector256.Load(scores + 24), t);
        return m0.ExtractMostSignificantBits()
            | (m1.ExtractMostSignificantBits() << 8)
            | (m2.ExtractMostSignificantBits() << 16)
            | (m3.ExtractMostSignificantBits() << 24);
    }
}
