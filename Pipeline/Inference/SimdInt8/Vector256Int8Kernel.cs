using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>
/// The 256-bit integer kernel, one query at a time (4 accumulators of 8 items), over the same
/// panels as <see cref="Avx512Int8Kernel"/>; <typeparamref name="TDot"/> is the multiply-add:
/// AVX2's VPMADDUBSW + VPMADDWD (<see cref="Avx2ByteDot"/>), for CPUs with neither AVX-512 nor
/// AVX-VNNI (<see cref="AvxVnniInt8Kernel"/> has VPDPBUSD's own register tiles).
/// </summary>
internal readonly unsafe struct Vector256Int8Kernel<TDot> : IInt8Kernel
    where TDot : struct, IByteDot256
{
    public static int MaxQueryCode => TDot.MaxQueryCode;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scan(in Int8ScanContext context, Int8QueryBlock block, int firstPanel, int endPanel)
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
                for (var g = 0; g < groups; g++)
                {
                    var b = Vector256.Create(*q).AsSByte();
                    a0 = TDot.Add(a0, Vector256.Load(x), b);
                    a1 = TDot.Add(a1, Vector256.Load(x + 32), b);
                    a2 = TDot.Add(a2, Vector256.Load(x + 64), b);
                    a3 = TDot.Add(a3, Vector256.Load(x + 96), b);
                    x += Int8Catalog.GroupBytes;
                    q += width;
                }

                Int8Bounds256.Offer(context, a0, a1, a2, a3, row, p);
            }
        }
    }
}

/// <summary>acc + the dot products of 8 items' 4 unsigned bytes with the query's 4 signed codes, one int32 per item.</summary>
internal interface IByteDot256
{
    /// <summary>Largest query code the instruction sequence allows without saturating.</summary>
    static abstract int MaxQueryCode { get; }

    static abstract Vector256<int> Add(Vector256<int> acc, Vector256<byte> items, Vector256<sbyte> query);
}

/// <summary>AVX2: VPMADDUBSW (pairs into int16; codes within ±64 so 2 × 255 × 64 cannot saturate), then VPMADDWD against ones.</summary>
internal readonly struct Avx2ByteDot : IByteDot256
{
    public static int MaxQueryCode => 64;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Add(Vector256<int> acc, Vector256<byte> items, Vector256<sbyte> query) =>
        acc + Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(items, query), Vector256.Create((short)1));
}
