using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>The wide register tiles (16 and 8 accumulators); written out in full so that the JIT keeps every accumulator in a register.</summary>
internal readonly unsafe partial struct Vector512Kernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scan8(in ScanContext context, QueryBlock block, int firstPanel, int endPanel)
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
            var a20 = Vector512<float>.Zero;
            var a21 = Vector512<float>.Zero;
            var a30 = Vector512<float>.Zero;
            var a31 = Vector512<float>.Zero;
            var a40 = Vector512<float>.Zero;
            var a41 = Vector512<float>.Zero;
            var a50 = Vector512<float>.Zero;
            var a51 = Vector512<float>.Zero;
            var a60 = Vector512<float>.Zero;
            var a61 = Vector512<float>.Zero;
            var a70 = Vector512<float>.Zero;
            var a71 = Vector512<float>.Zero;
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
                var b2 = Vector512.Create(q[2]);
                a20 = Vector512.FusedMultiplyAdd(x0, b2, a20);
                a21 = Vector512.FusedMultiplyAdd(x1, b2, a21);
                var b3 = Vector512.Create(q[3]);
                a30 = Vector512.FusedMultiplyAdd(x0, b3, a30);
                a31 = Vector512.FusedMultiplyAdd(x1, b3, a31);
                var b4 = Vector512.Create(q[4]);
                a40 = Vector512.FusedMultiplyAdd(x0, b4, a40);
                a41 = Vector512.FusedMultiplyAdd(x1, b4, a41);
                var b5 = Vector512.Create(q[5]);
                a50 = Vector512.FusedMultiplyAdd(x0, b5, a50);
                a51 = Vector512.FusedMultiplyAdd(x1, b5, a51);
                var b6 = Vector512.Create(q[6]);
                a60 = Vector512.FusedMultiplyAdd(x0, b6, a60);
                a61 = Vector512.FusedMultiplyAdd(x1, b6, a61);
                var b7 = Vector512.Create(q[7]);
                a70 = Vector512.FusedMultiplyAdd(x0, b7, a70);
                a71 = Vector512.FusedMultiplyAdd(x1, b7, a71);
                x += PackedCatalog.PanelWidth;
                q += 8;
            }

            var t0 = Vector512.Create(topK.Threshold(row + 0));
            var t1 = Vector512.Create(topK.Threshold(row + 1));
            var t2 = Vector512.Create(topK.Threshold(row + 2));
            var t3 = Vector512.Create(topK.Threshold(row + 3));
            var t4 = Vector512.Create(topK.Threshold(row + 4));
            var t5 = Vector512.Create(topK.Threshold(row + 5));
            var t6 = Vector512.Create(topK.Threshold(row + 6));
            var t7 = Vector512.Create(topK.Threshold(row + 7));
            var below = Vector512.LessThanOrEqual(a00, t0)
                & Vector512.LessThanOrEqual(a01, t0)
                & Vector512.LessThanOrEqual(a10, t1)
                & Vector512.LessThanOrEqual(a11, t1)
                & Vector512.LessThanOrEqual(a20, t2)
                & Vector512.LessThanOrEqual(a21, t2)
                & Vector512.LessThanOrEqual(a30, t3)
                & Vector512.LessThanOrEqual(a31, t3)
                & Vector512.LessThanOrEqual(a40, t4)
                & Vector512.LessThanOrEqual(a41, t4)
                & Vector512.LessThanOrEqual(a50, t5)
                & Vector512.LessThanOrEqual(a51, t5)
                & Vector512.LessThanOrEqual(a60, t6)
                & Vector512.LessThanOrEqual(a61, t6)
                & Vector512.LessThanOrEqual(a70, t7)
                & Vector512.LessThanOrEqual(a71, t7);
            if (!Vector512.EqualsAll(below.AsInt32(), Vector512<int>.AllBitsSet))
            {
                var m0 = Mask(a00, a01, t0);
                var m1 = Mask(a10, a11, t1);
                var m2 = Mask(a20, a21, t2);
                var m3 = Mask(a30, a31, t3);
                var m4 = Mask(a40, a41, t4);
                var m5 = Mask(a50, a51, t5);
                var m6 = Mask(a60, a61, t6);
                var m7 = Mask(a70, a71, t7);

                var s = context.Scratch;
                a00.Store(s + 0);
                a01.Store(s + 16);
                a10.Store(s + 32);
                a11.Store(s + 48);
                a20.Store(s + 64);
                a21.Store(s + 80);
                a30.Store(s + 96);
                a31.Store(s + 112);
                a40.Store(s + 128);
                a41.Store(s + 144);
                a50.Store(s + 160);
                a51.Store(s + 176);
                a60.Store(s + 192);
                a61.Store(s + 208);
                a70.Store(s + 224);
                a71.Store(s + 240);

                if (m0 != 0)
                {
                    Survivors.OfferRow(context, s + 0, m0, row + 0, p);
                }

                if (m1 != 0)
                {
                    Survivors.OfferRow(context, s + 32, m1, row + 1, p);
                }

                if (m2 != 0)
                {
                    Survivors.OfferRow(context, s + 64, m2, row + 2, p);
                }

                if (m3 != 0)
                {
                    Survivors.OfferRow(context, s + 96, m3, row + 3, p);
                }

                if (m4 != 0)
                {
                    Survivors.OfferRow(context, s + 128, m4, row + 4, p);
                }

                if (m5 != 0)
                {
                    Survivors.OfferRow(context, s + 160, m5, row + 5, p);
                }

                if (m6 != 0)
                {
                    Survivors.OfferRow(context, s + 192, m6, row + 6, p);
                }

                if (m7 != 0)
                {
                    Survivors.OfferRow(context, s + 224, m7, row + 7, p);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scan4(in ScanContext context, QueryBlock block, int firstPanel, int endPanel)
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
            var a20 = Vector512<float>.Zero;
            var a21 = Vector512<float>.Zero;
            var a30 = Vector512<float>.Zero;
            var a31 = Vector512<float>.Zero;
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
                var b2 = Vector512.Create(q[2]);
                a20 = Vector512.FusedMultiplyAdd(x0, b2, a20);
                a21 = Vector512.FusedMultiplyAdd(x1, b2, a21);
                var b3 = Vector512.Create(q[3]);
                a30 = Vector512.FusedMultiplyAdd(x0, b3, a30);
                a31 = Vector512.FusedMultiplyAdd(x1, b3, a31);
                x += PackedCatalog.PanelWidth;
                q += 4;
            }

            var t0 = Vector512.Create(topK.Threshold(row + 0));
            var t1 = Vector512.Create(topK.Threshold(row + 1));
            var t2 = Vector512.Create(topK.Threshold(row + 2));
            var t3 = Vector512.Create(topK.Threshold(row + 3));
            var below = Vector512.LessThanOrEqual(a00, t0)
                & Vector512.LessThanOrEqual(a01, t0)
                & Vector512.LessThanOrEqual(a10, t1)
                & Vector512.LessThanOrEqual(a11, t1)
                & Vector512.LessThanOrEqual(a20, t2)
                & Vector512.LessThanOrEqual(a21, t2)
                & Vector512.LessThanOrEqual(a30, t3)
                & Vector512.LessThanOrEqual(a31, t3);
            if (!Vector512.EqualsAll(below.AsInt32(), Vector512<int>.AllBitsSet))
            {
                var m0 = Mask(a00, a01, t0);
                var m1 = Mask(a10, a11, t1);
                var m2 = Mask(a20, a21, t2);
                var m3 = Mask(a30, a31, t3);

                var s = context.Scratch;
                a00.Store(s + 0);
                a01.Store(s + 16);
                a10.Store(s + 32);
                a11.Store(s + 48);
                a20.Store(s + 64);
                a21.Store(s + 80);
                a30.Store(s + 96);
                a31.Store(s + 112);

                if (m0 != 0)
                {
                    Survivors.OfferRow(context, s + 0, m0, row + 0, p);
                }

                if (m1 != 0)
                {
                    Survivors.OfferRow(context, s + 32, m1, row + 1, p);
                }

                if (m2 != 0)
                {
                    Survivors.OfferRow(context, s + 64, m2, row + 2, p);
                }

                if (m3 != 0)
                {
                    Survivors.OfferRow(context, s + 96, m3, row + 3, p);
                }
            }
        }
    }
}
