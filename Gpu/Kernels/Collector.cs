using System.Runtime.CompilerServices;
using ILGPU;

namespace RsPipeline.Gpu.Kernels;

/// <summary>
/// The collect pass's output step: every score whose key reaches its row's threshold is appended to
/// that row's candidate slots (an atomic count per row). Counts keep growing past the capacity, so
/// the host learns how many slots an overflowing row needs.
/// </summary>
internal static class Collector
{
    /// <summary>Offers this thread's 4 × 4 sums (rows <c>row + m·stride</c>, items <c>item + n·step</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Offer(TileSums s, int row, int stride, int item, int step, ScanShape shape, CandidateViews output)
    {
        OfferRow(s.S00, s.S01, s.S02, s.S03, row, item, step, shape, output);
        OfferRow(s.S10, s.S11, s.S12, s.S13, row + stride, item, step, shape, output);
        OfferRow(s.S20, s.S21, s.S22, s.S23, row + (2 * stride), item, step, shape, output);
        OfferRow(s.S30, s.S31, s.S32, s.S33, row + (3 * stride), item, step, shape, output);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OfferRow(float s0, float s1, float s2, float s3, int row, int item, int step, ScanShape shape, CandidateViews output)
    {
        if (row < shape.WindowBegin || row >= shape.WindowEnd)
        {
            return;
        }

        var threshold = output.Thresholds[row];
        OfferOne(s0, row, item, threshold, shape, output);
        OfferOne(s1, row, item + step, threshold, shape, output);
        OfferOne(s2, row, item + (2 * step), threshold, shape, output);
        OfferOne(s3, row, item + (3 * step), threshold, shape, output);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OfferOne(float score, int row, int item, uint threshold, ScanShape shape, CandidateViews output)
    {
        if (item >= shape.ItemCount || ScoreKey.Of(score) < threshold)
        {
            return;
        }

        var local = row - shape.WindowBegin;
        var slot = Atomic.Add(ref output.Counts[local], 1);
        if (slot < shape.Capacity)
        {
            var at = ((long)local * shape.Capacity) + slot;
            output.Scores[at] = score;
            output.Items[at] = item;
        }
    }
}
