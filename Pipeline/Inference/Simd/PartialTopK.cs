using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>
/// One scanning thread's running top-k for every query of a batch: a bounded min-heap per query
/// (worst candidate at the root) and the score a newcomer must beat. The threshold is NaN until the
/// heap is full, so "not (score ≤ threshold)" admits everything until then, infinities included.
/// Buffers are kept and regrown only when a batch needs more.
/// </summary>
internal sealed class PartialTopK
{
    private ScoredItem[] _heaps = [];
    private int[] _counts = [];
    private float[] _thresholds = [];
    private int _k;

    public int K => _k;

    public void Reset(int rows, int k)
    {
        _k = k;
        if (_heaps.Length < rows * k)
        {
            _heaps = new ScoredItem[rows * k];
        }

        if (_counts.Length < rows)
        {
            _counts = new int[rows];
            _thresholds = new float[rows];
        }

        _counts.AsSpan(0, rows).Clear();
        _thresholds.AsSpan(0, rows).Fill(float.NaN);
    }

    /// <summary>The score query <paramref name="row"/>'s next candidate must exceed; NaN while the heap is not full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref float Threshold(int row) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_thresholds), row);

    /// <summary>The heap of query <paramref name="row"/>, in heap order.</summary>
    public ReadOnlySpan<ScoredItem> Candidates(int row) => _heaps.AsSpan(row * _k, _counts[row]);

    /// <summary>Offers an item; kept if it is among the best k so far.</summary>
    public void Offer(int row, float score, int index)
    {
        var heap = _heaps.AsSpan(row * _k, _k);
        var candidate = new ScoredItem(score, index);
        ref var count = ref _counts[row];
        if (count < _k)
        {
            SiftUp(heap, count, candidate);
            count++;
            if (count == _k)
            {
                _thresholds[row] = heap[0].Score;
            }

            return;
        }

        if (candidate.IsBetterThan(heap[0]))
        {
            SiftDown(heap, candidate);
            _thresholds[row] = heap[0].Score;
        }
    }

    private static void SiftUp(Span<ScoredItem> heap, int hole, ScoredItem item)
    {
        while (hole > 0)
        {
            var parent = (hole - 1) >> 1;
            if (!heap[parent].IsBetterThan(item))
            {
                break;
            }

            heap[hole] = heap[parent];
            hole = parent;
        }

        heap[hole] = item;
    }

    // Replaces the root (the worst) with item and restores the heap.
    private static void SiftDown(Span<ScoredItem> heap, ScoredItem item)
    {
        var hole = 0;
        var n = heap.Length;
        while (true)
        {
            var child = (2 * hole) + 1;
            if (child >= n)
            {
                break;
            }

            if (child + 1 < n && heap[child].IsBetterThan(heap[child + 1]))
            {
                child++;
            }

            if (!item.IsBetterThan(heap[child]))
            {
                break;
            }

            heap[hole] = heap[child];
            hole = child;
        }

        heap[hole] = item;
    }
}
