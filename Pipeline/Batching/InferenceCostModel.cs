namespace RsPipeline.Pipeline.Batching;

/// <summary>
/// A live model of how long one batch takes to score against its size on this hardware: a robust
/// straight line a + b·size (Theil–Sen: the slope is the median of the pairwise slopes, the
/// intercept the median of the residual intercepts) over the last <see cref="Window"/> batches, so
/// that a few slow batches (a page fault, a GC, a noisy neighbour) do not move it while a lasting
/// change of cost takes it over within about half a window. Seeded from warm-up batches of several
/// sizes before a scorer serves (at start and after each reload), then updated with every batch that
/// scorer scores. When the batches seen lately all had one size, the last slope known stays and
/// only the level follows. Thread-safe: the inference loop observes, the batch queue predicts.
/// </summary>
public sealed class InferenceCostModel
{
    /// <summary>How many recent batches the fit covers.</summary>
    public const int Window = 64;

    private readonly Lock _gate = new();
    private readonly (int Size, double Seconds)[] _samples = new (int, double)[Window];
    // Stryker disable once Arithmetic : the initial capacity of the scratch list is speed only
    private readonly List<double> _scratch = new(Window * Window / 2);

    // Weak: the model must not keep a replaced scorer (and its catalogue) alive after a reload.
    private readonly WeakReference<object?> _source = new(null);
    private int _count;
    private int _next;
    private double _intercept;
    private double _slope;

    private int _strays;

    /// <summary>Whether the model has seen any batch (seeded or observed); before that it predicts zero.</summary>
    public bool HasData
    {
        get
        {
            lock (_gate)
            {
                return _count > 0;
            }
        }
    }

    /// <summary>The predicted inference time of a batch of <paramref name="size"/> requests.</summary>
    public TimeSpan Predict(int size)
    {
        lock (_gate)
        {
            // Stryker disable once Conditional : with no batch the line is zero, so the formula gives zero as well
            return _count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Round(Math.Max(0, _intercept + (_slope * size)) * TimeSpan.TicksPerSecond));
        }
    }

    /// <summary>
    /// Starts over for the scorer <paramref name="source"/> (about to serve) from its warm-up batches:
    /// what was learnt about the previous scorer is dropped, and batches of other scorers (the previous
    /// one, still finishing) are ignored from now on.
    /// </summary>
    public void Seed(object source, IEnumerable<(int Size, TimeSpan Elapsed)> warmUp)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(warmUp);
        lock (_gate)
        {
            Reset(source);
            foreach (var (size, elapsed) in warmUp)
            {
                AddLocked(size, elapsed);
            }

            FitLocked();
        }
    }

    /// <summary>
    /// Adds one scored batch of <paramref name="source"/>. A batch of another scorer than the one
    /// seeded is ignored, unless <see cref="Window"/> of them come in a row with none of the seeded
    /// one (it never served: its reload failed after the warm-up), in which case the model adopts it.
    /// </summary>
    public void Observe(object source, int size, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (_gate)
        {
            if (!_source.TryGetTarget(out var seeded) || seeded is null)
            {
                _source.SetTarget(source);
            }
            else if (!ReferenceEquals(seeded, source))
            {
                if (++_strays < Window)
                {
                    return;
                }

                Reset(source);
            }

            _strays = 0;
            AddLocked(size, elapsed);
            FitLocked();
        }
    }

    private void Reset(object source)
    {
        _source.SetTarget(source);
        _strays = 0;
        _count = 0;
        _next = 0;
        _intercept = 0;
        _slope = 0;
    }

    private void AddLocked(int size, TimeSpan elapsed)
    {
        if (size < 1 || elapsed < TimeSpan.Zero)
        {
            return;
        }

        _samples[_next] = (size, elapsed.TotalSeconds);
        _next = (_next + 1) % Window;
        _count = Math.Min(_count + 1, Window);
    }

    private void FitLocked()
    {
        if (_count == 0)
        {
            return;
        }

        _scratch.Clear();
        // Stryker disable once Equality : i == _count pairs with no j, so the extra turn adds nothing
        for (var i = 0; i < _count; i++)
        {
            for (var j = i + 1; j < _count; j++)
            {
                var (si, ti) = _samples[i];
                var (sj, tj) = _samples[j];
                if (si != sj)
                {
                    _scratch.Add((tj - ti) / (sj - si));
                }
            }
        }

        // One size only lately: the slope learnt before stays (a line needs two sizes).
        if (_scratch.Count > 0)
        {
            _slope = Math.Max(0, Median(_scratch));
        }

        _scratch.Clear();
        for (var i = 0; i < _count; i++)
        {
            _scratch.Add(_samples[i].Seconds - (_slope * _samples[i].Size));
        }

        _intercept = Math.Max(0, Median(_scratch));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
