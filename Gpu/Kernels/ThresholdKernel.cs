using ILGPU;

namespace RsPipeline.Gpu.Kernels;

/// <summary>
/// Per query row (one group each), the k-th largest of its bucket maxima by an 8-bit radix select
/// over the score keys: four passes of a shared-memory histogram. Those k maxima belong to k
/// different items, so the row's k-th best score is at least this key, and every item of its top-k
/// scores at or above it. With fewer buckets than k the threshold admits every item.
/// </summary>
internal static class ThresholdKernel
{
    private const int RadixBits = 8;
    private const int Bins = 1 << RadixBits;
    private const int KeyBits = 32;

    /// <summary>The kernel entry point: writes <c>thresholds[row]</c> for row = the group's grid index.</summary>
    public static void Run(ArrayView<uint> bucketKeys, ArrayView<uint> thresholds, int bucketCount, int k)
    {
        var row = Grid.IdxX;
        var tid = Group.IdxX;
        if (k > bucketCount)
        {
            if (tid == 0)
            {
                thresholds[row] = ScoreKey.Lowest;
            }

            return;
        }

        var histogram = SharedMemory.Allocate<int>(Bins);
        var choice = SharedMemory.Allocate<int>(2);
        var keys = bucketKeys.SubView((long)row * bucketCount, bucketCount);
        var prefix = 0u;
        var mask = 0u;
        var remaining = k;
        for (var shift = KeyBits - RadixBits; shift >= 0; shift -= RadixBits)
        {
            for (var b = tid; b < Bins; b += Group.DimX)
            {
                histogram[b] = 0;
            }

            Group.Barrier();
            for (var i = tid; i < bucketCount; i += Group.DimX)
            {
                var key = keys[i];
                if ((key & mask) == prefix)
                {
                    Atomic.Add(ref histogram[(int)((key >> shift) & (Bins - 1))], 1);
                }
            }

            Group.Barrier();
            if (tid == 0)
            {
                ChooseBin(histogram, remaining, choice);
            }

            Group.Barrier();
            prefix |= (uint)choice[0] << shift;
            mask |= (uint)(Bins - 1) << shift;
            remaining = choice[1];
        }

        if (tid == 0)
        {
            thresholds[row] = prefix;
        }
    }

    // Walks the bins from the top: the one where the running count reaches the rank holds the
    // k-th largest; the rank within it is what is left.
    private static void ChooseBin(ArrayView<int> histogram, int rank, ArrayView<int> choice)
    {
        var above = 0;
        for (var b = Bins - 1; b >= 0; b--)
        {
            var count = histogram[b];
            if (above + count >= rank)
            {
                choice[0] = b;
                choice[1] = rank - above;
                return;
            }

            above += count;
        }

        // Unreachable while k ≤ bucketCount: the counts of the matching keys add up to at least rank.
        choice[0] = 0;
        choice[1] = rank;
    }
}
