using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>
/// The 256-bit form of <see cref="Int8Bounds512"/>: one query's 32 sums in four Vector256. The
/// common case, no upper bound reaching τ, costs the bounds and one test; only a panel with a
/// survivor writes its bounds out for <see cref="Int8Survivors"/>.
/// </summary>
internal static unsafe class Int8Bounds256
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Offer(in Int8ScanContext context, Vector256<int> a0, Vector256<int> a1, Vector256<int> a2, Vector256<int> a3, int row, int panel)
    {
        ref readonly var query = ref context.Queries.Parameters(row);
        var items = context.Items;
        var first = panel * Int8Catalog.PanelWidth;
        var offset = Vector256.Create(query.OffsetSum);
        var scale = Vector256.Create(query.Scale);
        var alpha = Vector256.Create(query.Alpha);
        var error = Vector256.Create(query.Error);
        var absolute = Vector256.Create(ErrorBound.Absolute);
        fixed (float* scales = items.Scales, residuals = items.Residuals, norms = items.Norms)
        {
            var approx0 = Vector256.ConvertToSingle(a0 - offset) * Vector256.Load(scales + first) * scale;
            var approx1 = Vector256.ConvertToSingle(a1 - offset) * Vector256.Load(scales + first + 8) * scale;
            var approx2 = Vector256.ConvertToSingle(a2 - offset) * Vector256.Load(scales + first + 16) * scale;
            var approx3 = Vector256.ConvertToSingle(a3 - offset) * Vector256.Load(scales + first + 24) * scale;
            var eps0 = Vector256.FusedMultiplyAdd(alpha, Vector256.Load(residuals + first), Vector256.FusedMultiplyAdd(error, Vector256.Load(norms + first), absolute));
            var eps1 = Vector256.FusedMultiplyAdd(alpha, Vector256.Load(residuals + first + 8), Vector256.FusedMultiplyAdd(error, Vector256.Load(norms + first + 8), absolute));
            var eps2 = Vector256.FusedMultiplyAdd(alpha, Vector256.Load(residuals + first + 16), Vector256.FusedMultiplyAdd(error, Vector256.Load(norms + first + 16), absolute));
            var eps3 = Vector256.FusedMultiplyAdd(alpha, Vector256.Load(residuals + first + 24), Vector256.FusedMultiplyAdd(error, Vector256.Load(norms + first + 24), absolute));
            var upper0 = approx0 + eps0;
            var upper1 = approx1 + eps1;
            var upper2 = approx2 + eps2;
            var upper3 = approx3 + eps3;
            var threshold = Vector256.Create(context.Candidates.Threshold(row));
            var below0 = Vector256.LessThan(upper0, threshold);
            var below1 = Vector256.LessThan(upper1, threshold);
            var below2 = Vector256.LessThan(upper2, threshold);
            var below3 = Vector256.LessThan(upper3, threshold);
            if (Vector256.EqualsAll((below0 & below1 & below2 & below3).AsInt32(), Vector256<int>.AllBitsSet))
            {
                return;
            }

            var mask = (~below0).ExtractMostSignificantBits()
                | ((~below1).ExtractMostSignificantBits() << 8)
                | ((~below2).ExtractMostSignificantBits() << 16)
                | ((~below3).ExtractMostSignificantBits() << 24);
            var s = context.Scratch;
            upper0.Store(s);
            upper1.Store(s + 8);
            upper2.Store(s + 16);
            upper3.Store(s + 24);
            (approx0 - eps0).Store(s + 32);
            (approx1 - eps1).Store(s + 40);
            (approx2 - eps2).Store(s + 48);
            (approx3 - eps3).Store(s + 56);
            Int8Survivors.Offer(context, s, s + Int8Catalog.PanelWidth, mask, row, panel);
        }
    }
}
