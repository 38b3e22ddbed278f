using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>
/// Turns one query's int32 sums for a panel's 32 items (two Vector512) into bounds and offers the
/// rows whose upper bound reaches the threshold: approx = float(sum − 128Σq̂)·s_x·s_q,
/// ε = α·r_x + (e_q·‖x‖₁ + η), U = approx + ε (docs/int8-error-bound.md).
/// </summary>
internal static unsafe class Int8Bounds512
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Offer(in Int8ScanContext context, Vector512<int> low, Vector512<int> high, int row, int panel)
    {
        ref readonly var query = ref context.Queries.Parameters(row);
        var items = context.Items;
        var first = panel * Int8Catalog.PanelWidth;
        var offset = Vector512.Create(query.OffsetSum);
        var scale = Vector512.Create(query.Scale);
        var alpha = Vector512.Create(query.Alpha);
        var error = Vector512.Create(query.Error);
        var absolute = Vector512.Create(ErrorBound.Absolute);
        fixed (float* scales = items.Scales, residuals = items.Residuals, norms = items.Norms)
        {
            var approx0 = Vector512.ConvertToSingle(low - offset) * Vector512.Load(scales + first) * scale;
            var approx1 = Vector512.ConvertToSingle(high - offset) * Vector512.Load(scales + first + 16) * scale;
            var eps0 = Vector512.FusedMultiplyAdd(alpha, Vector512.Load(residuals + first), Vector512.FusedMultiplyAdd(error, Vector512.Load(norms + first), absolute));
            var eps1 = Vector512.FusedMultiplyAdd(alpha, Vector512.Load(residuals + first + 16), Vector512.FusedMultiplyAdd(error, Vector512.Load(norms + first + 16), absolute));
            var upper0 = approx0 + eps0;
            var upper1 = approx1 + eps1;
            var threshold = Vector512.Create(context.Candidates.Threshold(row));
            var below = Vector512.LessThan(upper0, threshold) & Vector512.LessThan(upper1, threshold);
            if (Vector512.EqualsAll(below.AsInt32(), Vector512<int>.AllBitsSet))
            {
                return;
            }

            var mask = (uint)(~Vector512.LessThan(upper0, threshold)).ExtractMostSignificantBits()
                | ((uint)(~Vector512.LessThan(upper1, threshold)).ExtractMostSignificantBits() << 16);
            var s = context.Scratch;
            upper0.Store(s);
            upper1.Store(s + 16);
            (approx0 - eps0).Store(s + 32);
            (approx1 - eps1).Store(s + 48);
            Int8Survivors.Offer(context, s, s + 32, mask, row, panel);
        }
    }
}
