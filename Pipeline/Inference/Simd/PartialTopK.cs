using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>
/// One scanning thread's running top-k for every query of a batch: a buffer of candidates per
/// query in index order (scores and indices side by side) and the score a newcomer must beat.
/// Offers are appended; when a buffer fills, it is cut back to its best k (the k-th score found
/// by <see cref="KthLargest"/>, then <see cref="StableFilter"/>) and the threshold becomes that k-th score.
/// Items reach a buffer in ascending index order and the filter keeps that order, so among equal
/// scores the earlier (lower-index) ones are kept, and a newcomer equal to the threshold loses:
/// the kernels' strict comparison is exact. The threshold is NaN until the buffer first fills,
/// so "not (score ≤ threshold)" admits everything until then (infinities included). Buffers are kept and regrown only
/// when a batch needs more.
/// </summary>
internal sealed class PartialTopK
{
    private float[] _scores = [];
    private int[] _indices = [];
    private int[] _keys = [];
    private int[] _counts = [];
    private float[] _thresholds = [];
    private int _k;
    private int _capacity;

    public void Reset(int rows, int k)
    {
        _k = k;
        _capacity = CapacityFor(k);

        // Stryker disable Equality : growing a buffer that is exactly large enough only allocates again
        if (_keys.Length < _capacity)
        {
            _keys = new int[_capacity];
        }

        if (_scores.Length < (long)rows * _capacity)
        {
            _scores = new float[rows * _capacity];
            _indices = new int[rows * _capacity];
        }

        if (_counts.Length < rows)
        {
            _counts = new int[rows];
            _thresholds = new float[rows];
        }

        // Stryker restore Equality

        _counts.AsSpan(0, rows).Clear();
        _thresholds.AsSpan(0, rows).Fill(float.NaN);
    }

    // Room for k plus as many newcomers again (at least 64), so a compaction is paid for by many appends.
    public static int CapacityFor(int k) => k + Math.Max(k, 64);

    /// <summary>The score query <paramref name="row"/>'s next candidate must exceed; NaN until its buffer first filled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref float Threshold(int row) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_thresholds), row);

    /// <summary>
    /// Cuts query <paramref name="row"/>'s buffer to this thread's best k (or fewer, if it saw fewer)
    /// and writes them to <paramref name="target"/> as <see cref="RankKey"/>s; returns how many.
    /// <paramref name="keys"/> is the calling thread's scratch space.
    /// </summary>
    public int CopyBest(int row, Span<ulong> target, Span<int> keys)
    {
        // Stryker disable once Equality : compacting exactly k candidates keeps the same k
        if (_counts[row] > _k)
        {
            Compact(row, keys);
        }

        var count = _counts[row];
        var scores = _scores.AsSpan(row * _capacity, count);
        var indices = _indices.AsSpan(row * _capacity, count);
        for (var i = 0; i < count; i++)
        {
            target[i] = RankKey.Of(scores[i], indices[i]);
        }

        return count;
    }

    /// <summary>Offers an item that beat the threshold; items come in ascending index order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Offer(int row, float score, int index)
    {
        ref var count = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_counts), row);
        var slot = (row * _capacity) + count;
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_scores), slot) = score;
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_indices), slot) = index;
        count++;
        if (count == _capacity)
        {
            Compact(row, _keys);
        }
    }

    private void Compact(int row, Span<int> scratch)
    {
        var count = _counts[row];
        var scores = _scores.AsSpan(row * _capacity, count);
        var indices = _indices.AsSpan(row * _capacity, count);
        var keys = scratch[..count];
        var kth = KthLargest.Key(scores, keys, _k);
        var ties = _k - CountAbove(keys, kth);
        var kept = StableFilter.Apply(scores, indices, keys, kth, ties);
        _counts[row] = kept;
        _thresholds[row] = KthLargest.ScoreOf(kth);
    }

    private static int CountAbove(ReadOnlySpan<int> keys, int key)
    {
        var count = 0;
        foreach (var candidate in keys)
        {
            count += candidate > key ? 1 : 0;
        }

        return count;
    }
}
