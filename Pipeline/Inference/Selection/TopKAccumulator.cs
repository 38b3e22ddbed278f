using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RsPipeline.Pipeline.Inference.Selection;

/// <summary>
/// The best <c>k</c> (score, item index) pairs seen so far for one query, kept in a bounded heap whose
/// root is the worst kept entry. Order: higher score first, equal scores by lower index; NaN ranks
/// below every number. <see cref="Threshold"/> lets a caller reject most candidates with one compare.
/// Reusable across queries and calls (<see cref="Reset"/>); not thread-safe.
/// </summary>
public sealed class TopKAccumulator
{
    private float[] _scores;
    private int[] _indices;

    /// <summary>Creates an empty accumulator keeping the best <paramref name="k"/> entries.</summary>
    public TopKAccumulator(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        _scores = new float[k];
        _indices = new int[k];
        K = k;
    }

    /// <summary>How many entries are kept.</summary>
    public int K { get; private set; }

    /// <summary>How many entries are held now (at most <see cref="K"/>).</summary>
    public int Count { get; private set; }

    /// <summary>
    /// A candidate whose score is below this cannot enter: the worst kept score once <see cref="K"/>
    /// entries are held, negative infinity before. Equal scores may still enter (lower index, or NaN
    /// roots), so test with <c>!(score &lt; Threshold)</c> and let <see cref="TryPush"/> decide.
    /// </summary>
    public float Threshold { get; private set; } = float.NegativeInfinity;

    /// <summary>Empties the accumulator and sets how many entries it keeps; keeps its storage when large enough.</summary>
    public void Reset(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (k > _scores.Length)
        {
            _scores = new float[k];
            _indices = new int[k];
        }

        K = k;
        Count = 0;
        Threshold = float.NegativeInfinity;
    }

    /// <summary>Offers one candidate; returns true when it was kept.</summary>
    public bool TryPush(float score, int index)
    {
        if (Count < K)
        {
            SiftUp(Count++, score, index);
            if (Count == K)
            {
                Threshold = _scores[0];
            }

            return true;
        }

        if (!IsBetter(score, index, _scores[0], _indices[0]))
        {
            return false;
        }

        SiftDown(0, Count, score, index);
        Threshold = _scores[0];
        return true;
    }

    /// <summary>
    /// Offers a run of candidates whose item indices are <paramref name="firstIndex"/>,
    /// <paramref name="firstIndex"/> + 1, …; rejects whole vectors below the threshold at once.
    /// </summary>
    public void PushRange(ReadOnlySpan<float> scores, int firstIndex)
    {
        var j = 0;
        if (Vector.IsHardwareAccelerated && scores.Length >= Vector<float>.Count)
        {
            ref var start = ref MemoryMarshal.GetReference(scores);
            var last = scores.Length - Vector<float>.Count;
            for (; j <= last; j += Vector<float>.Count)
            {
                var block = Vector.LoadUnsafe(ref start, (nuint)j);
                // NaN thresholds compare false, so such blocks fall through to the exact comparison.
                if (!Vector.LessThanAll(block, new Vector<float>(Threshold)))
                {
                    PushScalar(scores.Slice(j, Vector<float>.Count), firstIndex + j);
                }
            }
        }

        PushScalar(scores[j..], firstIndex + j);
    }

    /// <summary>
    /// Writes the held entries best first into the start of <paramref name="indices"/> and
    /// <paramref name="scores"/>, and returns how many were written. This empties the accumulator.
    /// </summary>
    public int DrainBestFirst(Span<int> indices, Span<float> scores)
    {
        var count = Count;
        if (indices.Length < count || scores.Length < count)
        {
            throw new ArgumentException($"output spans hold {Math.Min(indices.Length, scores.Length)} entries, need {count}", nameof(indices));
        }

        // In-place heapsort: moving the worst root to the end each time leaves the array best first.
        for (var end = count - 1; end > 0; end--)
        {
            var score = _scores[end];
            var index = _indices[end];
            _scores[end] = _scores[0];
            _indices[end] = _indices[0];
            SiftDown(0, end, score, index);
        }

        _scores.AsSpan(0, count).CopyTo(scores);
        _indices.AsSpan(0, count).CopyTo(indices);
        Count = 0;
        Threshold = float.NegativeInfinity;
        return count;
    }

    /// <summary>The ranking every scorer uses: true when (a, ia) comes before (b, ib).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsBetter(float a, int ia, float b, int ib)
    {
        if (a > b)
        {
            return true;
        }

        if (a < b)
        {
            return false;
        }

        var aNaN = float.IsNaN(a);
        var bNaN = float.IsNaN(b);
        return aNaN == bNaN ? ia < ib : bNaN;
    }

    private void PushScalar(ReadOnlySpan<float> scores, int firstIndex)
    {
        var threshold = Threshold;
        for (var j = 0; j < scores.Length; j++)
        {
            if (!(scores[j] < threshold) && TryPush(scores[j], firstIndex + j))
            {
                threshold = Threshold;
            }
        }
    }

    // Min-heap on the ranking: a parent is never better than its children, so the root is the worst kept.
    private void SiftUp(int hole, float score, int index)
    {
        while (hole > 0)
        {
            var parent = (hole - 1) >> 1;
            if (!IsBetter(_scores[parent], _indices[parent], score, index))
            {
                break;
            }

            _scores[hole] = _scores[parent];
            _indices[hole] = _indices[parent];
            hole = parent;
        }

        _scores[hole] = score;
        _indices[hole] = index;
    }

    private void SiftDown(int hole, int count, float score, int index)
    {
        while (true)
        {
            var child = (2 * hole) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && IsBetter(_scores[child], _indices[child], _scores[child + 1], _indices[child + 1]))
            {
                child++;
            }

            if (!IsBetter(score, index, _scores[child], _indices[child]))
            {
                break;
            }

            _scores[hole] = _scores[child];
            _indices[hole] = _indices[child];
            hole = child;
        }

        _scores[hole] = score;
        _indices[hole] = index;
    }
}
