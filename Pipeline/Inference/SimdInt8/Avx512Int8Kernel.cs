using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>
/// AVX-512BW without VNNI: VPMADDUBSW multiplies the items' unsigned bytes (code + 128, ≤ 255) by
/// the query's signed codes and adds adjacent pairs into int16, then VPMADDWD against ones adds
/// those pairs into one int32 per item. Query codes are kept within ±64 so that a pair,
/// 2 × 255 × 64 = 32,640, never saturates int16: every sum is exact. Register tiles of 4 queries
/// × 32 items (8 accumulators) or 1 query.
/// </summary>
internal readonly unsafe struct Avx512Int8Kernel : IInt8Kernel
{
    public static int MaxQueryCode => 64;

    public static void Scan(in Int8ScanContext context, Int8QueryBlock block, int firstPanel, int endPanel)
    {
        if (block.Width == 4)
        {
            Scan4(context, block, firstPanel, endPanel);
        }
        else
        {
            Scan1(context, block, firstPanel, endPanel);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Dot(Vector512<byte> items, int query, Vector512<short> ones) =>
        Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(items, Vector512.Create(query).AsSByte()), ones);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scan4(in Int8ScanContext context, Int8QueryBlock block, int firstPanel, int endPanel)
    {
        var groups = context.Items.Groups;
        var ones = Vector512.Create((short)1);
        var row = block.FirstRow;
        for (var p = firstPanel; p < endPanel; p++)
        {
            var x = context.Items.Panel(p);
            var q = block.Packed;
            var a00 = Vector512<int>.Zero;
            var a01 = Vector512<int>.Zero;
            var a10 = Vector512<int>.Zero;
            var a11 = Vector512<int>.Zero;
            var a20 = Vector512<int>.Zero;
            var a21 = Vector512<int>.Zero;
            var a30 = Vector512<int>.Zero;
            var a31 = Vector512<int>.Zero;
            for (var g = 0; g < groups; g++)
            {
                var x0 = Vector512.Load(x);
                var x1 = Vector512.Load(x + 64);
                a00 += Dot(x0, q[0], ones);
                a01 += Dot(x1, q[0], ones);
                a10 += Dot(x0, q[1], ones);
                a11 += Dot(x1, q[1], ones);
                a20 += Dot(x0, q[2], ones);
                a21 += Dot(x1, q[2], ones);
                a30 += Dot(x0, q[3], ones);
                a31 += Dot(x1, q[3], ones);
                x += Int8Catalog.GroupBytes;
                q += 4;
            }

            Int8Bounds512.Offer(context, a00, a01, row + 0, p);
            Int8Bounds512.Offer(context, a10, a11, row + 1, p);
            Int8Bounds512.Offer(context, a20, a21, row + 2, p);
            Int8Bounds512.Offer(context, a30, a31, row + 3, p);
        }
    }

    // Two accumulator pairs over alternate groups hide the multiply latency.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scan1(in Int8ScanContext context, Int8QueryBlock block, int firstPanel, int endPanel)
    {
        var groups = context.Items.Groups;
        var ones = Vector512.Create((short)1);
        var row = block.FirstRow;
        for (var p = firstPanel; p < endPanel; p++)
        {
            var x = context.Items.Panel(p);
            var q = block.Packed;
            var a00 = Vector512<int>.Zero;
            var a01 = Vector512<int>.Zero;
            var b00 = Vector512<int>.Zero;
            var b01 = Vector512<int>.Zero;
            var g = 0;
            for (; g + 1 < groups; g += 2)
            {
                a00 += Dot(Vector512.Load(x), q[0], ones);
                a01 += Dot(Vector512.Load(x + 64), q[0], ones);
                b00 += Dot(Vector512.Load(x + 128), q[1], ones);
                b01 += Dot(Vector512.Load(x + 192), q[1], ones);
                x += 2 * Int8Catalog.GroupBytes;
                q += 2;
            }

            if (g < groups)
            {
                a00 += Dot(Vector512.Load(x), q[0], ones);
                a01 += Dot(Vector512.Load(x + 64), q[0], ones);
            }

            Int8Bounds512.Offer(context, a00 + b00, a01 + b01, row, p);
        }
    }
}
