using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>The 256-bit form of <see cref="Int8Bounds512"/>: one query's 32 sums in four Vector256.</summary>
internal static unsafe class Int8Bounds256
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Offer(in Int8ScanContext context, Vector256<int> a0, Vector256<int> a1, Vector256<int> a2, Vector256<int> a3, int row, int panel)
    {
        var threshold = context.Candidates.Threshold(row);
        var s = context.Scratch;
        var mask = Lanes(context, a0, row, panel, 0, threshold, s)
            | (Lanes(context, a1, row, panel, 8, threshold, s) << 8)
            | (Lanes(context, a2, row, panel, 16, threshold, s) << 16)
            | (Lanes(context, a3, row, panel, 24, threshold, s) << 24);
        if (mask != 0)
        {
            Int8Survivors.Offer(context, s, s + Int8Catalog.PanelWidth, mask, row, panel);
        }
    }

    // Writes the bounds of 8 lanes to the scratch area and returns the lanes whose U is not below τ.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Lanes(in Int8ScanContext context, Vector256<int> sums, int row, int panel, int lane, float threshold, float* scratch)
    {
        ref readonly var query = ref context.Queries.Parameters(row);
        var items = context.Items;
        var first = (panel * Int8Catalog.PanelWidth) + lane;
        fixed (float* scales = items.Scales, residuals = items.Residuals, norms = items.Norms)
        {
            var approx = Vector256.ConvertToSingle(sums - Vector256.Create(query.OffsetSum)) * Vector256.Load(scales + first) * Vector256.Create(query.Scale);
            var eps = Vector256.FusedMultiplyAdd(
                Vector256.Create(query.Alpha),
                Vector256.Load(residuals + first),
                Vector256.FusedMultiplyAdd(Vector256.Create(query.Error), Vector256.Load(norms + first), Vector256.Create(ErrorBound.Absolute)));
            var upper = approx + eps;
            upper.Store(scratch + lane);
            (approx - eps).Store(scratch + Int8Catalog.PanelWidth + lane);
            return (~Vector256.LessThan(upper, Vector256.Create(threshold))).ExtractMostSignificantBits();
        }
    }
}
