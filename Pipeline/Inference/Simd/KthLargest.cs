using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>
/// Finds the k-th largest of a few hundred scores without branches on the data: the floats are
/// mapped to order-preserving integer keys, then a binary search between the smallest and the
/// largest key counts, at each probe, the keys at or above it with vector compares, until exactly
/// k are (or the interval is one key wide).
/// </summary>
internal static class KthLargest
{
    /// <summary>Writes the keys of <paramref name="scores"/> to <paramref name="keys"/> and returns the <paramref name="k"/>-th largest key (k ≤ length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Key(ReadOnlySpan<float> scores, Span<int> keys, int k)
    {
        var (min, max) = ComputeKeys(scores, keys);
        long lo = min;
        var hi = (long)max + 1;
        while (hi - lo > 1)
        {
            var mid = (int)((lo + hi) >> 1);
            var count = CountAtLeast(keys, mid);
            if (count == k)
            {
                // Exactly k at or above the probe: the k-th largest is the smallest of them. The
                // probe usually lands in the gap below the k-th after a few steps, well before the
                // interval shrinks to one key.
                return MinAtLeast(keys, mid);
            }

            // Stryker disable once Equality : count == k returned above, so > and >= agree here
            if (count > k)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return (int)lo;
    }

    /// <summary>An integer whose signed order is the float order of <paramref name="score"/> (−0 and +0 share one key).</summary>
    public static int KeyOf(float score)
    {
        var bits = BitConverter.SingleToInt32Bits(score + 0f);
        return bits ^ ((bits >> 31) & int.MaxValue);
    }

    /// <summary>The score of <paramref name="key"/> (the map is its own inverse); +0 for a zero.</summary>
    public static float ScoreOf(int key) => BitConverter.Int32BitsToSingle(key ^ ((key >> 31) & int.MaxValue));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Min, int Max) ComputeKeys(ReadOnlySpan<float> scores, Span<int> keys)
    {
        var min = int.MaxValue;
        var max = int.MinValue;
        var i = 0;
        // Stryker disable once all : the vector loop and the scalar loop compute the same keys; which one runs is speed only
        var vectorised = Vector512.IsHardwareAccelerated && scores.Length >= Vector512<float>.Count;
        if (vectorised)
        {
            var mins = Vector512.Create(int.MaxValue);
            var maxs = Vector512.Create(int.MinValue);
            for (;
                // Stryker disable once Equality : a whole vector fewer or none leaves more to the scalar loop, which computes the same keys
                i <= scores.Length - Vector512<float>.Count;
                i += Vector512<float>.Count)
            {
                var bits = (Vector512.Create(scores.Slice(i, Vector512<float>.Count)) + Vector512<float>.Zero).AsInt32();
                var key = bits ^ (Vector512.ShiftRightArithmetic(bits, 31) & Vector512.Create(int.MaxValue));
                key.CopyTo(keys[i..]);
                mins = Vector512.Min(mins, key);
                maxs = Vector512.Max(maxs, key);
            }

            min = MinOf(mins);
            max = MaxOf(maxs);
        }

        for (; i < scores.Length; i++)
        {
            keys[i] = KeyOf(scores[i]);
            min = Math.Min(min, keys[i]);
            max = Math.Max(max, keys[i]);
        }

        return (min, max);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountAtLeast(ReadOnlySpan<int> keys, int key)
    {
        var count = 0;
        var i = 0;
        // Stryker disable once all : the vector loop and the scalar loop count the same keys; which one runs is speed only
        var vectorised = Vector512.IsHardwareAccelerated;
        if (vectorised)
        {
            var probe = Vector512.Create(key);
            ref var first = ref MemoryMarshal.GetReference(keys);
            for (;
                // Stryker disable once Equality : one whole vector fewer leaves it to the scalar loop, which counts the same
                i <= keys.Length - Vector512<int>.Count;
                i += Vector512<int>.Count)
            {
                var above = Vector512.GreaterThanOrEqual(Vector512.LoadUnsafe(ref first, (nuint)i), probe);
                count += BitOperations.PopCount(above.ExtractMostSignificantBits());
            }
        }

        for (; i < keys.Length; i++)
        {
            count += keys[i] >= key ? 1 : 0;
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int MinAtLeast(ReadOnlySpan<int> keys, int key)
    {
        var min = int.MaxValue;
        var i = 0;
        // Stryker disable once all : the vector loop and the scalar loop find the same minimum; which one runs is speed only
        var vectorised = Vector512.IsHardwareAccelerated;
        if (vectorised)
        {
            var probe = Vector512.Create(key);
            var mins = Vector512.Create(int.MaxValue);
            ref var first = ref MemoryMarshal.GetReference(keys);
            for (;
                // Stryker disable once Equality : one whole vector fewer leaves it to the scalar loop, which finds the same minimum
                i <= keys.Length - Vector512<int>.Count;
                i += Vector512<int>.Count)
            {
                var candidates = Vector512.LoadUnsafe(ref first, (nuint)i);
                mins = Vector512.Min(mins, Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(candidates, probe), candidates, mins));
            }

            min = MinOf(mins);
        }

        for (; i < keys.Length; i++)
        {
            min = keys[i] >= key ? Math.Min(min, keys[i]) : min;
        }

        return min;
    }

    private static int MinOf(Vector512<int> values)
    {
        var min = int.MaxValue;
        for (var i = 0; i < Vector512<int>.Count; i++)
        {
            min = Math.Min(min, values[i]);
        }

        return min;
    }

    private static int MaxOf(Vector512<int> values)
    {
        var max = int.MinValue;
        for (var i = 0; i < Vector512<int>.Count; i++)
        {
            max = Math.Max(max, values[i]);
        }

        return max;
    }
}
