using System.Numerics;
using System.Runtime.CompilerServices;

namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>The rare path: offers the rows of a panel whose upper bound reached their query's threshold.</summary>
internal static unsafe class Int8Survivors
{
    /// <summary>
    /// <paramref name="upper"/> and <paramref name="lower"/> hold the bounds of panel
    /// <paramref name="panel"/>'s 32 items for query <paramref name="row"/>; bit i of
    /// <paramref name="mask"/>: item i's U was not below τ when the kernel compared.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Offer(in Int8ScanContext context, float* upper, float* lower, uint mask, int row, int panel)
    {
        var candidates = context.Candidates;
        var firstItem = panel * Int8Catalog.PanelWidth;
        var validLanes = context.Items.Count - firstItem;
        if (validLanes < Int8Catalog.PanelWidth)
        {
            // Padding lanes of the last panel are never items.
            mask &= (1u << validLanes) - 1;
        }

        while (mask != 0)
        {
            var lane = BitOperations.TrailingZeroCount(mask);

            // τ may have risen since the kernel compared (a compaction of this row).
            if (!(upper[lane] < candidates.Threshold(row)))
            {
                candidates.Offer(row, lower[lane], upper[lane], firstItem + lane);
            }

            mask &= mask - 1;
        }
    }
}
