using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>
/// AVX-VNNI: VPDPBUSD on Vector256 sums the four u8 × s8 products of 8 items straight into int32,
/// one instruction where the widening paths take three, and without an intermediate int16 (query
/// codes use ±127, so the bound is tighter than theirs). Register tiles of 4 queries × 32 items
/// (16 accumulators, one group a step: each item load feeds 4 queries) or 1 query × 32 items
/// (4 groups a step), over the panels of <see cref="Int8Catalog"/>. The 16 accumulators need the
/// 32 vector registers of an AVX-512 CPU (EVEX encoding); where AVX-512 is missing, the 4-query tile
/// runs 2 queries at a time (8 accumulators, within the 16 registers of AVX2).
/// </summary>
internal readonly unsafe struct AvxVnniInt8Kernel : IInt8Kernel
{
    public static int MaxQueryCode => 127;

    public static void Scan(in Int8ScanContext context, Int8QueryBlock block, int firstPanel, int endPanel)
    {
        if (block.Width == 4 && Avx512F.IsSupported)
        {
            ScanFour(context, block, firstPanel, endPanel);
        }
        else if (block.Width == 4)
        {
            ScanTwoPairs(context, block, firstPanel, endPanel);
        }
        else
        {
            ScanOne(context, block, firstPanel, endPanel);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Dot(Vector256<int> acc, Vector256<byte> items, int query) =>
        AvxVnni.MultiplyWideningAndAdd(acc, items, Vector256.Create(query).AsSByte());

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScanFour(in Int8ScanContext context, Int8QueryBlock block, int firstPanel, int endPanel)
    {
        var groups = context.Items.Groups;
        var row = block.FirstRow;
        for (var p = firstPanel; p < endPanel; p++)
        {
            var x = context.Items.Panel(p);
            var q = block.Packed;
            var a00 = Vector256<int>.Zero;
            var a01 = Vector256<int>.Zero;
            var a02 = Vector256<int>.Zero;
            var a03 = Vector256<int>.Zero;
            var a10 = Vector256<int>.Zero;
            var a11 = Vector256<int>.Zero;
            var a12 = Vector256<int>.Zero;
            var a13 = Vector256<int>.Zero;
            var a20 = Vector256<int>.Zero;
            var a21 = Vector256<int>.Zero;
            var a22 = Vector256<int>.Zero;
            var a23 = Vector256<int>.Zero;
            var a30 = Vector256<int>.Zero;
            var a31 = Vector256<int>.Zero;
            var a32 = Vector256<int>.Zero;
            var a33 = Vector256<int>.Zero;
            for (var g = 0; g < groups; g++)
            {
                var x0 = Vector256.Load(x);
                var x1 = Vector256.Load(x + 32);
                var x2 = Vector256.Load(x + 64);
                var x3 = Vector256.Load(x + 96);
                a00 = Dot(a00, x0, q[0]);
                a01 = Dot(a01, x1, q[0]);
                a02 = Dot(a02, x2, q[0]);
                a03 = Dot(a03, x3, q[0]);
                a10 = Dot(a10, x0, q[1]);
                a11 = Dot(a11, x1, q[1]);
                a12 = Dot(a12, x2, q[1]);
                a13 = Dot(a13, x3, q[1]);
                a20 = Dot(a20, x0, q[2]);
                a21 = Dot(a21, x1, q[2]);
                a22 = Dot(a22, x2, q[2]);
                a23 = Dot(a23, x3, q[2]);
                a30 = Dot(a30, x0, q[3]);
                a31 = Dot(a31, x1, q[3]);
                a32 = Dot(a32, x2, q[3]);
                a33 = Dot(a33, x3, q[3]);
                x += Int8Catalog.GroupBytes;
                q += 4;
            }

            OfferFour(context, a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33, row, p);
        }
    }

    // The 4-query block as two passes of 2 queries (8 accumulators): for CPUs with AVX-VNNI but 16 vector registers.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScanTwoPairs(in Int8ScanContext context, Int8QueryBlock block, int firstPanel, int endPanel)
    {
        var groups = context.Items.Groups;
        for (var p = firstPanel; p < endPanel; p++)
        {
            for (var pair = 0; pair < 4; pair += 2)
            {
                var x = context.Items.Panel(p);
                var q = block.Packed + pair;
                var a00 = Vector256<int>.Zero;
                var a01 = Vector256<int>.Zero;
                var a02 = Vector256<int>.Zero;
                var a03 = Vector256<int>.Zero;
                var a10 = Vector256<int>.Zero;
                var a11 = Vector256<int>.Zero;
                var a12 = Vector256<int>.Zero;
                var a13 = Vector256<int>.Zero;
                for (var g = 0; g < groups; g++)
                {
                    var x0 = Vector256.Load(x);
                    var x1 = Vector256.Load(x + 32);
                    var x2 = Vector256.Load(x + 64);
                    var x3 = Vector256.Load(x + 96);
                    a00 = Dot(a00, x0, q[0]);
                    a01 = Dot(a01, x1, q[0]);
                    a02 = Dot(a02, x2, q[0]);
                    a03 = Dot(a03, x3, q[0]);
                    a10 = Dot(a10, x0, q[1]);
                    a11 = Dot(a11, x1, q[1]);
                    a12 = Dot(a12, x2, q[1]);
                    a13 = Dot(a13, x3, q[1]);
                    x += Int8Catalog.GroupBytes;
                    q += 4;
                }

                OfferTwo(context, a00, a01, a02, a03, a10, a11, a12, a13, block.FirstRow + pair, p);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScanOne(in Int8ScanContext context, Int8QueryBlock block, int firstPanel, int endPanel)
    {
        var groups = context.Items.Groups;
        var width = block.Width;
        for (var r = 0; r < width; r++)
        {
            var row = block.FirstRow + r;
            for (var p = firstPanel; p < endPanel; p++)
            {
                var x = context.Items.Panel(p);
                var q = block.Packed + r;
                var a0 = Vector256<int>.Zero;
                var a1 = Vector256<int>.Zero;
                var a2 = Vector256<int>.Zero;
                var a3 = Vector256<int>.Zero;
                var b0 = Vector256<int>.Zero;
                var b1 = Vector256<int>.Zero;
                var b2 = Vector256<int>.Zero;
                var b3 = Vector256<int>.Zero;
                var g = 0;
                for (; g + 2 <= groups; g += 2)
                {
                    a0 = Dot(a0, Vector256.Load(x), q[0]);
                    a1 = Dot(a1, Vector256.Load(x + 32), q[0]);
                    a2 = Dot(a2, Vector256.Load(x + 64), q[0]);
                    a3 = Dot(a3, Vector256.Load(x + 96), q[0]);
                    b0 = Dot(b0, Vector256.Load(x + Int8Catalog.GroupBytes), q[width]);
                    b1 = Dot(b1, Vector256.Load(x + Int8Catalog.GroupBytes + 32), q[width]);
                    b2 = Dot(b2, Vector256.Load(x + Int8Catalog.GroupBytes + 64), q[width]);
                    b3 = Dot(b3, Vector256.Load(x + Int8Catalog.GroupBytes + 96), q[width]);
                    x += 2 * Int8Catalog.GroupBytes;
                    q += 2 * width;
                }

                if (g < groups)
                {
                    a0 = Dot(a0, Vector256.Load(x), q[0]);
                    a1 = Dot(a1, Vector256.Load(x + 32), q[0]);
                    a2 = Dot(a2, Vector256.Load(x + 64), q[0]);
                    a3 = Dot(a3, Vector256.Load(x + 96), q[0]);
                }

                Int8Bounds256.Offer(context, a0 + b0, a1 + b1, a2 + b2, a3 + b3, row, p);
            }
        }
    }

    // One call for all four queries' sums (see OfferTwo): with two calls, the second pair's 8
    // accumulators would be live across the first, and the JIT spilled them every group.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void OfferFour(
        in Int8ScanContext context,
        Vector256<int> a0,
        Vector256<int> a1,
        Vector256<int> a2,
        Vector256<int> a3,
        Vector256<int> b0,
        Vector256<int> b1,
        Vector256<int> b2,
        Vector256<int> b3,
        Vector256<int> c0,
        Vector256<int> c1,
        Vector256<int> c2,
        Vector256<int> c3,
        Vector256<int> d0,
        Vector256<int> d1,
        Vector256<int> d2,
        Vector256<int> d3,
        int row,
        int panel)
    {
        Int8Bounds256.Offer(context, a0, a1, a2, a3, row, panel);
        Int8Bounds256.Offer(context, b0, b1, b2, b3, row + 1, panel);
        Int8Bounds256.Offer(context, c0, c1, c2, c3, row + 2, panel);
        Int8Bounds256.Offer(context, d0, d1, d2, d3, row + 3, panel);
    }

    // One call for two queries' sums, not inlined: inlined offers would keep the other accumulators
    // live across the rare call to Int8Survivors, and the JIT would spill them every group.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void OfferTwo(
        in Int8ScanContext context,
        Vector256<int> a0,
        Vector256<int> a1,
        Vector256<int> a2,
        Vector256<int> a3,
        Vector256<int> b0,
        Vector256<int> b1,
        Vector256<int> b2,
        Vector256<int> b3,
        int row,
        int panel)
    {
        Int8Bounds256.Offer(context, a0, a1, a2, a3, row, panel);
        Int8Bounds256.Offer(context, b0, b1, b2, b3, row + 1, panel);
    }
}
