namespace RsPipeline.Pipeline.Batching;

/// <summary>
/// A live estimate of the part of a request's admission-to-answer time that the batching policy
/// neither controls nor predicts: from admission to parsed (the parse stage and the hops into the
/// queue), plus from the end of its batch's inference to its answer (the respond stage and the thread
/// pool), plus how much longer than predicted its batch's inference took, when LatencySlo predicted
/// it (a slow batch: another process on the cores, a page fault). The estimate is the <see cref="Quantile"/> of
/// the last <see cref="Window"/> answered requests, refitted every <see cref="RefitEvery"/> of them:
/// a high quantile, because the latency target is a p99; a window, so that a lasting change (a busier
/// machine) takes it over and a slow request or two do not. Zero until a request was answered.
/// Thread-safe: the respond stage observes in parallel, the batch queue reads <see cref="Current"/>.
/// </summary>
public sealed class RequestOverheadModel
{
    /// <summary>How many recent requests the estimate covers.</summary>
    public const int Window = 512;

    /// <summary>Which quantile of the window is the estimate.</summary>
    public const double Quantile = 0.99;

    /// <summary>How many observations pass between two refits once the window has filled.</summary>
    public const int RefitEvery = 32;

    private readonly Lock _gate = new();
    private readonly long[] _samples = new long[Window];
    private readonly long[] _sorted = new long[Window];
    private int _count;
    private int _next;
    private int _sinceFit;
    private long _currentTicks;

    /// <summary>The estimate in force: the <see cref="Quantile"/> of the recent overheads; zero before any.</summary>
    public TimeSpan Current => TimeSpan.FromTicks(Volatile.Read(ref _currentTicks));

    /// <summary>Adds the overhead of one answered request (a negative one, from a clock that stepped back, is ignored).</summary>
    public void Observe(TimeSpan overhead)
    {
        if (overhead < TimeSpan.Zero)
        {
            return;
        }

        lock (_gate)
        {
            _samples[_next] = overhead.Ticks;
            _next = (_next + 1) % Window;
            if (_count < Window)
            {
                // While the window fills, every observation refits (the first requests set the estimate
                // at once), by inserting it into the sorted copy: a shift, not a sort of the window.
                Insert(overhead.Ticks);
                _sinceFit = 0;
                return;
            }

            if (++_sinceFit >= RefitEvery)
            {
                _sinceFit = 0;
                Refit();
            }
        }
    }

    private void Insert(long ticks)
    {
        var at = Array.BinarySearch(_sorted, 0, _count, ticks);
        at = at < 0 ? ~at : at;
        Array.Copy(_sorted, at, _sorted, at + 1, _count - at);
        _sorted[at] = ticks;
        _count++;
        Publish();
    }

    private void Refit()
    {
        Array.Copy(_samples, _sorted, _count);
        Array.Sort(_sorted, 0, _count);
        Publish();
    }

    // The quantile of the sorted samples becomes the estimate in force.
    private void Publish()
    {
        var index = Math.Max(0, (int)Math.Ceiling(Quantile * _count) - 1);
        Volatile.Write(ref _currentTicks, _sorted[index]);
    }
}
