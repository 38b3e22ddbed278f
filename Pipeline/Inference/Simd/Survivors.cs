using System.Numerics;
using System.Runtime.Intrinsics;

namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>The rare path: finds the scores of a panel that beat their query's threshold and offers them.</summary>
internal static unsafe class Survivors
{
    /// <summary>
    /// <paramref name="scores"/> holds <paramref name="width"/> rows of 32 scores (panel
    /// <paramref name="panel"/>, queries from <paramref name="firstRow"/>).
    /// </summary>
    public static void Offer(in ScanContext context, float* scores, int width, int firstRow, int panel)
    {
        var topK = context.TopK;
        var firstItem = panel * PackedCatalog.PanelWidth;
        var validLanes = Math.Min(PackedCatalog.PanelWidth, context.Items.Count - firstItem);
        for (var q = 0; q < width; q++)
        {
            var row = firstRow + q;
            var rowScores = scores + (q * PackedCatalog.PanelWidth);
            var mask = AboveMask(rowScores, topK.Threshold(row));
            while (mask != 0)
            {
                var lane = BitOperations.TrailingZeroCount(mask);
                if (lane >= validLanes)
                {
                    break;
                }

                var score = rowScores[lane];
                if (!(score <= topK.Threshold(row)))
                {
                    topK.Offer(row, score, firstItem + lane);
                }

                mask &= mask - 1;
            }
        }
    }

    // Bit i set where scores[i] is not ≤ threshold (greater, or unordered while the threshold is NaN).
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
