using System.Runtime.CompilerServices;
using RsPipeline.Pipeline.Inference.Simd;

namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>
/// One scanning thread's candidates for every query of a batch: each row that may belong to the
/// exact top-k, with its lower and upper bounds L = approx − ε and U = approx + ε. The threshold τ
/// is the k-th largest L seen so far (NaN until a buffer first fills): no row whose U is below it
/// can be in the top-k, since k rows are at least τ. A newcomer is kept when not U &lt; τ. When a
/// buffer fills it is cut to the rows with U ≥ τ; if that leaves it more than half full, it
/// doubles, up to <see cref="MaxCapacityFor"/>, past which the query is marked exhaustive (the
/// bound cannot separate its rows: identical rows, a zero query) and scored in fp32 over all rows.
/// Buffers are kept across calls and grow only when a batch needs more.
/// </summary>
internal sealed class CandidateBuffers
{
    private float[][] _lower = [];
    private float[][] _upper = [];
    private int[][] _indices = [];
    private int[] _counts = [];
    private float[] _thresholds = [];
    private bool[] _exhaustive = [];
    private int[] _keys = [];
    private int _k;
    private int _rows;

    public void Reset(int rows, int k)
    {
        _k = k;
        _rows = rows;
        if (_counts.Length < rows)
        {
            Array.Resize(ref _lower, rows);
            Array.Resize(ref _upper, rows);
            Array.Resize(ref _indices, rows);
            _counts = new int[rows];
            _thresholds = new float[rows];
            _exhaustive = new bool[rows];
        }

        var capacity = PartialTopK.CapacityFor(k);
        for (var r = 0; r < rows; r++)
        {
            if (_lower[r] is null || _lower[r].Length < capacity)
            {
                Grow(r, capacity);
            }
        }

        _counts.AsSpan(0, rows).Clear();
        _thresholds.AsSpan(0, rows).Fill(float.NaN);
        _exhaustive.AsSpan(0, rows).Clear();
    }

    /// <summary>Entries past which a query is scored exhaustively: 16 × the starting capacity.</summary>
    public static int MaxCapacityFor(int k) => 16 * PartialTopK.CapacityFor(k);

    /// <summary>τ of query <paramref name="row"/>: a newcomer whose U is below it cannot be in the top-k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Threshold(int row) => _thresholds[row];

    public bool IsExhaustive(int row) => _exhaustive[row];

    public void MarkExhaustive(int row)
    {
        _exhaustive[row] = true;
        _counts[row] = 0;
        _thresholds[row] = float.PositiveInfinity;
    }

    public int Count(int row) => _counts[row];

    public ReadOnlySpan<float> Lower(int row) => _lower[row].AsSpan(0, _counts[row]);

    public ReadOnlySpan<float> Upper(int row) => _upper[row].AsSpan(0, _counts[row]);

    public ReadOnlySpan<int> Indices(int row) => _indices[row].AsSpan(0, _counts[row]);

    /// <summary>Keeps item <paramref name="index"/> with bounds [<paramref name="lower"/>, <paramref name="upper"/>] (U ≥ τ checked by the caller).</summary>
    public void Offer(int row, float lower, float upper, int index)
    {
        var count = _counts[row];
        _lower[row][count] = lower;
        _upper[row][count] = upper;
        _indices[row][count] = index;
        _counts[row] = ++count;
        if (count == _lower[row].Length)
        {
            Compact(row);
        }
    }

    private void Compact(int row)
    {
        var count = _counts[row];
        if (_keys.Length < count)
        {
            _keys = new int[_lower[row].Length];
        }

        var threshold = KthLargest.ScoreOf(KthLargest.Key(_lower[row].AsSpan(0, count), _keys.AsSpan(0, count), _k));
        var lower = _lower[row];
        var upper = _upper[row];
        var indices = _indices[row];
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            lower[kept] = lower[i];
            upper[kept] = upper[i];
            indices[kept] = indices[i];
            kept += upper[i] < threshold ? 0 : 1;
        }

        _counts[row] = kept;
        _thresholds[row] = threshold;
        if (kept > lower.Length / 2)
        {
            if (lower.Length >= MaxCapacityFor(_k))
            {
                MarkExhaustive(row);
                return;
            }

            Grow(row, lower.Length * 2);
        }
    }

    private void Grow(int row, int capacity)
    {
        Array.Resize(ref _lower[row], capacity);
        Array.Resize(ref _upper[row], capacity);
        Array.Resize(ref _indices[row], capacity);
    }
}
