using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>
/// AVX2 register tiles for CPUs without AVX-512: 4 queries × 16 items (two Vector256) of
/// accumulators, run twice per 32-item panel so 16 registers suffice. Scores always go through
/// the scratch area to <see cref="Survivors"/>, which filters them with vector compares.
/// </summary>
internal readonly unsafe struct Vector256Kernel : IPanelKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scan(in ScanContext context, QueryBlock block, int firstPanel, int endPanel)
    {
        var d = context.Items.Dimension;
        var width = block.Width;
        var scratch = context.Scratch;
        for (var p = firstPanel; p < endPanel; p++)
        {
            var x = context.Items.Panel(p);
            var sub = 0;
            for (; sub + 4 <= width; sub += 4)
            {
                var rows = scratch + (sub * PackedCatalog.PanelWidth);
                Four(x, block.Packed + sub, width, d, rows);
                Four(x + 16, block.Packed + sub, width, d, rows + 16);
            }

            for (; sub < width; sub++)
            {
                One(x, block.Packed + sub, width, d, scratch + (sub * PackedCatalog.PanelWidth));
            }

            Survivors.Offer(context, scratch, width, block.FirstRow, p);
        }
    }

    // Four queries (coordinate j at q[j * stride + 0..3]) × items 0..15 of x's panel rows.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Four(float* x, float* q, int stride, int d, float* output)
    {
        var a00 = Vector256<float>.Zero;
        var a01 = Vector256<float>.Zero;
        var a10 = Vector256<float>.Zero;
        var a11 = Vector256<float>.Zero;
        var a20 = Vector256<float>.Zero;
        var a21 = Vector256<float>.Zero;
        var a30 = Vector256<float>.Zero;
        var a31 = Vector256<float>.Zero;
        for (var j = 0; j < d; j++)
        {
            var x0 = Vector256.Load(x);
            var x1 = Vector256.Load(x + 8);
            var b0 = Vector256.Create(q[0]);
            a00 = Vector256.FusedMultiplyAdd(x0, b0, a00);
            a01 = Vector256.FusedMultiplyAdd(x1, b0, a01);
            var b1 = Vector256.Create(q[1]);
            a10 = Vector256.FusedMultiplyAdd(x0, b1, a10);
            a11 = Vector256.FusedMultiplyAdd(x1, b1, a11);
            var b2 = Vector256.Create(q[2]);
            a20 = Vector256.FusedMultiplyAdd(x0, b2, a20);
            a21 = Vector256.FusedMultiplyAdd(x1, b2, a21);
            var b3 = Vector256.Create(q[3]);
            a30 = Vector256.FusedMultiplyAdd(x0, b3, a30);
            a31 = Vector256.FusedMultiplyAdd(x1, b3, a31);
            x += PackedCatalog.PanelWidth;
            q += stride;
        }

        a00.Store(output + 0);
        a01.Store(output + 8);
        a10.Store(output + 32);
        a11.Store(output + 40);
        a20.Store(output + 64);
        a21.Store(output + 72);
        a30.Store(output + 96);
        a31.Store(output + 104);
    }

    // One query (coordinate j at q[j * stride]) × all 32 items.
    private static void One(float* x, float* q, int stride, int d, float* output)
    {
        var a0 = Vector256<float>.Zero;
        var a1 = Vector256<float>.Zero;
        var a2 = Vector256<float>.Zero;
        var a3 = Vector256<float>.Zero;
        for (var j = 0; j < d; j++)
        {
            var b = Vector256.Create(q[j * stride]);
            a0 = Vector256.FusedMultiplyAdd(Vector256.Load(x), b, a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.Load(x + 8), b, a1);
            a2 = Vector256.FusedMultiplyAdd(Vector256.Load(x + 16), b, a2);
            a3 = Vector256.FusedMultiplyAdd(Vector256.Load(x + 24), b, a3);
            x += PackedCatalog.PanelWidth;
        }

        a0.Store(output);
        a1.Store(output + 8);
        a2.Store(output + 16);
        a3.Store(output + 24);
    }
}
