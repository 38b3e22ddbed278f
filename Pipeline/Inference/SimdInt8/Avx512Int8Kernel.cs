using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>
/// AVX-512BW without VNNI: VPMADDUBSW multiplies the items' unsigned bytes (code + 128, ≤ 255) by
/// the query's signed codes and adds adjacent pairs into int16, then VPMADDWD against ones adds
/// those pairs into one int32 per item. Query codes are kept within ±64 so that a pair,
/// 2 × 255 × 64 = 32,640, never saturates int16: every sum is exact. Register tiles of 32 items
/// and 4 accumulator pairs, for 4 queries over one group a step or 1 query over 4 groups a step
/// (<see cref="FourQueries"/>, <see cref="OneQuery"/>): one body, the tile's shape a type parameter.
/// </summary>
internal readonly unsafe struct Avx512Int8Kernel : IInt8Kernel
{
    public static int MaxQueryCode => 64;

    public static void Scan(in Int8ScanContext context, Int8QueryBlock block, int firstPanel, int endPanel)
    {
        if (block.Width == 4)
        {
            ScanTile<FourQueries>(context, block, firstPanel, endPanel);
        }
        else
        {
            ScanTile<OneQuery>(context, block, firstPanel, endPanel);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Dot(Vector512<byte> items, int query, Vector512<short> ones) =>
        Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(items, Vector512.Create(query).AsSByte()), ones);

    // Accumulator pair i takes query i of the block at this group (4-query tile), or the query at group
    // g + i (1-query tile). The packed codes are group-major, so either way the step's 4 codes are q[0..3].
    // TTile.GroupsPerStep is a constant of the instantiation: the JIT drops the other shape's branches.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScanTile<TTile>(in Int8ScanContext context, Int8QueryBlock block, int firstPanel, int endPanel)
        where TTile : struct, ITileShape
    {
        const int Half = 64;
        var step = TTile.GroupsPerStep;
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
            var g = 0;
            for (; g + step <= groups; g += step)
            {
                var x0 = Vector512.Load(x);
                var x1 = Vector512.Load(x + Half);
                a00 += Dot(x0, q[0], ones);
                a01 += Dot(x1, q[0], ones);
                if (step > 1)
                {
                    x0 = Vector512.Load(x + Int8Catalog.GroupBytes);
                    x1 = Vector512.Load(x + Int8Catalog.GroupBytes + Half);
                }

                a10 += Dot(x0, q[1], ones);
                a11 += Dot(x1, q[1], ones);
                if (step > 1)
                {
                    x0 = Vector512.Load(x + (2 * Int8Catalog.GroupBytes));
                    x1 = Vector512.Load(x + (2 * Int8Catalog.GroupBytes) + Half);
                }

                a20 += Dot(x0, q[2], ones);
                a21 += Dot(x1, q[2], ones);
                if (step > 1)
                {
                    x0 = Vector512.Load(x + (3 * Int8Catalog.GroupBytes));
                    x1 = Vector512.Load(x + (3 * Int8Catalog.GroupBytes) + Half);
                }

                a30 += Dot(x0, q[3], ones);
                a31 += Dot(x1, q[3], ones);
                x += step * Int8Catalog.GroupBytes;
                q += 4;
            }

            // Only a 1-query tile has groups left over (fewer than its step).
            for (; g < groups; g++)
            {
                a00 += Dot(Vector512.Load(x), q[0], ones);
                a01 += Dot(Vector512.Load(x + Half), q[0], ones);
                x += Int8Catalog.GroupBytes;
                q++;
            }

            if (step > 1)
            {
                Int8Bounds512.Offer(context, a00 + a10 + a20 + a30, a01 + a11 + a21 + a31, row, p);
            }
            else
            {
                OfferFour(context, a00, a01, a10, a11, a20, a21, a30, a31, row, p);
            }
        }
    }

    // One call that takes all four queries' sums: were the four offers inlined here, the sums of
    // queries 1-3 would be live across the first offer's (rare) call to Int8Survivors, and the JIT
    // would keep those accumulators on the stack, storing and reloading them every group.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void OfferFour(
        in Int8ScanContext context,
        Vector512<int> a00,
        Vector512<int> a01,
        Vector512<int> a10,
        Vector512<int> a11,
        Vector512<int> a20,
        Vector512<int> a21,
        Vector512<int> a30,
        Vector512<int> a31,
        int row,
        int panel)
    {
        Int8Bounds512.Offer(context, a00, a01, row + 0, panel);
        Int8Bounds512.Offer(context, a10, a11, row + 1, panel);
        Int8Bounds512.Offer(context, a20, a21, row + 2, panel);
        Int8Bounds512.Offer(context, a30, a31, row + 3, panel);
    }

    /// <summary>How a register tile walks the groups: <see cref="GroupsPerStep"/> × queries = 4 accumulator pairs.</summary>
    private interface ITileShape
    {
        static abstract int GroupsPerStep { get; }
    }

    /// <summary>4 queries × 32 items, one group a step.</summary>
    private readonly struct FourQueries : ITileShape
    {
        public static int GroupsPerStep => 1;
    }

    /// <summary>1 query × 32 items, 4 groups a step: 4 independent accumulator pairs hide the multiply latency.</summary>
    private readonly struct OneQuery : ITileShape
    {
        public static int GroupsPerStep => 4;
    }
}
