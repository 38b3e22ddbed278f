using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>
/// One scanning thread's running top-k for every query of a batch: an unordered buffer of
/// candidates per query and the score a newcomer must beat. Offers are appended; when a buffer
/// fills, quickselect keeps its best k and the threshold becomes the k-th score (appends are
/// cheap and predictable, unlike heap sifts). The threshold is NaN until k candidates were seen,
/// so "not (score ≤ threshold)" admits everything until then, infinities included. Items reach a
/// buffer in ascending index order, so a newcomer equal to the threshold loses the tie and a
/// strict comparison is exact. Buffers are kept and regrown only when a batch needs more.
/// </summary>
internal sealed class PartialTopK
{
    private ScoredItem[] _buffers = [];
    private int[] _counts = [];
    private float[] _thresholds = [];
    private int _k;
    private int _capacity;

    public void Reset(int rows, int k)
    {
        _k = k;
        _capacity = CapacityFor(k);
        if (_buffers.Length < (long)rows * _capacity)
        {
            _buffers = new ScoredItem[rows * _capacity];
        }

        if (_counts.Length < rows)
        {
            _counts = new int[rows];
            _thresholds = new float[rows];
        }

        _counts.AsSpan(0, rows).Clear();
        _thresholds.AsSpan(0, rows).Fill(float.NaN);
    }

    /// <summary>The score query <paramref name="row"/>'s next candidate must exceed; NaN while fewer than k were seen.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref float Threshold(int row) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_thresholds), row);

    /// <summary>Query <paramref name="row"/>'s candidates, unordered: a superset of this thread's best k.</summary>
    public Span<ScoredItem> Candidates(int row) => _buffers.AsSpan(row * _capacity, _counts[row]);

    /// <summary>Offers an item that beat the threshold.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Offer(int row, float score, int index)
    {
        ref var count = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_counts), row);
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffers), (row * _capacity) + count) = new ScoredItem(score, index);
        count++;
        if (count == _capacity)
        {
            Compact(row);
        }
    }

    // Room for k plus as many newcomers again (at least 64), so a compaction is paid for by many appends.
    public static int CapacityFor(int k) => k + Math.Max(k, 64);

    private void Compact(int row)
    {
        var buffer = _buffers.AsSpan(row * _capacity, _capacity);
        BestSelection.MoveBestToFront(buffer, _k);
        var worst = buffer[0];
        foreach (var kept in buffer[.._k])
        {
            if (worst.IsBetterThan(kept))
            {
                worst = kept;
            }
        }

        _counts[row] = _k;
        _thresholds[row] = worst.Score;
    }
}
