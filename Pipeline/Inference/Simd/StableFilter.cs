using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>
/// Cuts a candidate buffer to its best k in place, keeping buffer order: everything whose key is
/// above the k-th largest key, and the first <c>ties</c> whose key equals it. With AVX-512 this
/// left-packs 16 candidates at a time (register-form compress; the memory form is slow on AMD).
/// </summary>
internal static unsafe class StableFilter
{
    private static readonly Vector512<int> LaneBits = Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);

    /// <summary>Returns how many were kept (at the front of <paramref name="scores"/> and <paramref name="indices"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Apply(Span<float> scores, Span<int> indices, ReadOnlySpan<int> keys, int kth, int ties)
    {
        var kept = 0;
        var i = 0;
        // Stryker disable once all : the compress loop and the scalar loop keep the same candidates in the same order; which one runs is speed only
        var compress = Avx512F.IsSupported;
        if (compress)
        {
            fixed (float* s = scores)
            fixed (int* index = indices)
            fixed (int* key = keys)
            {
                var probe = Vector512.Create(kth);
                for (;
                    // Stryker disable once Equality : sixteen fewer left to the scalar loop, which keeps the same candidates
                    i + 16 <= scores.Length;
                    i += 16)
                {
                    var k = Vector512.Load(key + i);
                    var keep = (uint)Vector512.GreaterThan(k, probe).ExtractMostSignificantBits();
                    var equal = (uint)Vector512.Equals(k, probe).ExtractMostSignificantBits();
                    // Stryker disable once Assignment : the lanes above the k-th and the lanes equal to it are disjoint, so | and ^ agree
                    keep |= LowestBits(equal, ref ties);
                    var mask = Vector512.Equals(Vector512.Create((int)keep) & LaneBits, LaneBits);

                    // Stores 16 lanes at the write position, which never passes the read position.
                    Avx512F.Compress(Vector512<float>.Zero, mask.AsSingle(), Vector512.Load(s + i)).Store(s + kept);
                    Avx512F.Compress(Vector512<int>.Zero, mask, Vector512.Load(index + i)).Store(index + kept);
                    kept += BitOperations.PopCount(keep);
                }
            }
        }

        for (; i < scores.Length; i++)
        {
            var key = keys[i];
            var keep = key > kth || (key == kth && ties > 0);
            ties -= key == kth && keep ? 1 : 0;

            // Branch-free: always write, advance only when kept.
            scores[kept] = scores[i];
            indices[kept] = indices[i];
            kept += keep ? 1 : 0;
        }

        return kept;
    }

    // The lowest set bits of mask, as many as ties allows (ties at the k-th score are rare).
    private static uint LowestBits(uint mask, ref int ties)
    {
        var taken = 0u;
        while (mask != 0 && ties > 0)
        {
            var lowest = mask & (0u - mask);
            // Stryker disable once Assignment : lowest was just cleared from mask, so it is never in taken: | and ^ agree
            taken |= lowest;
            mask ^= lowest;
            ties--;
        }

        return taken;
    }
}
