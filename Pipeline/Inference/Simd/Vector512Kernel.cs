using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>
/// AVX-512 register tiles: Q queries × 32 items (two Vector512 of 16 items) of accumulators,
/// query coordinates broadcast, one FMA per accumulator per coordinate. After the d loop all
/// tiles are compared with their query's threshold at once (one compare per vector, masks
/// and-ed); only a panel with a survivor is written out for <see cref="Survivors"/>. The tiles
/// for 8 and 4 queries are in Vector512Kernel.Tiles.cs.
/// </summary>
internal readonly unsafe partial struct Vector512Kernel : IPanelKernel
{
    public static void Scan(in ScanContext context, QueryBlock block, int firstPanel, int endPanel)
    {
        switch (block.Width)
        {
            case 8:
                Scan8(context, block, firstPanel, endPanel);
                break;
            case 4:
                Scan4(context, block, firstPanel, endPanel);
                break;
            case 2:
                Scan2(context, block, firstPanel, endPanel);
                break;
            default:
                Scan1(context, block, firstPanel, endPanel);
                break;
        }
    }

    // Bit i: score i is not ≤ the threshold. Taken from the registers: re-reading the stored
    // 64-byte vectors in smaller pieces would stall store forwarding.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Mask(Vector512<float> low, Vector512<float> high, Vector512<float> threshold) =>
        (uint)(~Vector512.LessThanOrEqual(low, threshold)).ExtractMostSignificantBits()
            | ((uint)(~Vector512.LessThanOrEqual(high, threshold)).ExtractMostSignificantBits() << 16);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scan2(in ScanContext context, QueryBlock block, int firstPanel, int endPanel)
    {
        var d = context.Items.Dimension;
        var topK = context.TopK;
        var row = block.FirstRow;
        for (var p = firstPanel; p < endPanel; p++)
        {
            var x = context.Items.Panel(p);
            var q = block.Packed;
            var a00 = Vector512<float>.Zero;
            var a01 = Vector512<float>.Zero;
            var a10 = Vector512<float>.Zero;
            var a11 = Vector512<float>.Zero;
            for (var j = 0; j < d; j++)
            {
                var x0 = Vector512.Load(x);
                var x1 = Vector512.Load(x + 16);
                var b0 = Vector512.Create(q[0]);
                a00 = Vector512.FusedMultiplyAdd(x0, b0, a00);
                a01 = Vector512.FusedMultiplyAdd(x1, b0, a01);
                var b1 = Vector512.Create(q[1]);
                a10 = Vector512.FusedMultiplyAdd(x0, b1, a10);
                a11 = Vector512.FusedMultiplyAdd(x1, b1, a11);
                x += PackedCatalog.PanelWidth;
                q += 2;
            }

            var t0 = Vector512.Create(topK.Threshold(row + 0));
            var t1 = Vector512.Create(topK.Threshold(row + 1));
            var below = Vector512.LessThanOrEqual(a00, t0)
                & Vector512.LessThanOrEqual(a01, t0)
                & Vector512.LessThanOrEqual(a10, t1)
                & Vector512.LessThanOrEqual(a11, t1);
            if (!Vector512.EqualsAll(below.AsInt32(), Vector512<int>.AllBitsSet))
            {
                var m0 = Mask(a00, a01, t0);
                var m1 = Mask(a10, a11, t1);

                var s = context.Scratch;
                a00.Store(s + 0);
                a01.Store(s + 16);
                a10.Store(s + 32);
                a11.Store(s + 48);

                if (m0 != 0)
                {
                    Survivors.OfferRow(context, s + 0, m0, row + 0, p);
                }

                if (m1 != 0)
                {
                    Survivors.OfferRow(context, s + 32, m1, row + 1, p);
                }
            }
        }
    }

    // One query has only two accumulators; even and odd coordinates go to separate ones so that
    // four FMA chains hide the FMA latency (the order of the sum is free: see TopKAssert's bound).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scan1(in ScanContext context, QueryBlock block, int firstPanel, int endPanel)
    {
        var d = context.Items.Dimension;
        var topK = context.TopK;
        var row = block.FirstRow;
        for (var p = firstPanel; p < endPanel; p++)
        {
            var x = context.Items.Panel(p);
            var q = block.Packed;
            var a00 = Vector512<float>.Zero;
            var a01 = Vector512<float>.Zero;
            var odd0 = Vector512<float>.Zero;
            var odd1 = Vector512<float>.Zero;
            var j = 0;
            for (; j + 1 < d; j += 2)
            {
                var even = Vector512.Create(q[0]);
                var odd = Vector512.Create(q[1]);
                a00 = Vector512.FusedMultiplyAdd(Vector512.Load(x), even, a00);
                a01 = Vector512.FusedMultiplyAdd(Vector512.Load(x + 16), even, a01);
                odd0 = Vector512.FusedMultiplyAdd(Vector512.Load(x + 32), odd, odd0);
                odd1 = Vector512.FusedMultiplyAdd(Vector512.Load(x + 48), odd, odd1);
                x += 2 * PackedCatalog.PanelWidth;
                q += 2;
            }

            if (j < d)
            {
                var last = Vector512.Create(q[0]);
                a00 = Vector512.FusedMultiplyAdd(Vector512.Load(x), last, a00);
                a01 = Vector512.FusedMultiplyAdd(Vector512.Load(x + 16), last, a01);
            }

            a00 += odd0;
            a01 += odd1;
            var t0 = Vector512.Create(topK.Threshold(row + 0));
            var below = Vector512.LessThanOrEqual(a00, t0)
                & Vector512.LessThanOrEqual(a01, t0);
            if (!Vector512.EqualsAll(below.AsInt32(), Vector512<int>.AllBitsSet))
            {
                var m0 = Mask(a00, a01, t0);

                var s = context.Scratch;
                a00.Store(s + 0);
                a01.Store(s + 16);

                if (m0 != 0)
                {
                    Survivors.OfferRow(context, s + 0, m0, row + 0, p);
                }
            }
        }
    }
}
