namespace RsPipeline.Pipeline.Batching;

/// <summary>
/// Gathers items into batches: a batch leaves when it holds MaxBatchSize items, or when
/// MaxBatchDelay has passed since its first item arrived, or — under
/// <see cref="BatchingPolicy.EagerWhenIdle"/> — as soon as the inference stage is idle. Never
/// empty, never larger than MaxBatchSize, items in arrival order. Dataflow's BatchBlock has no
/// clock, so the window is a timer from the injected <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// The dispatch callback is called under the batcher's lock, so batches are handed on in the
/// order they were formed; it must be quick and must not call back into the batcher.
/// </remarks>
public sealed class WindowedBatcher<T> : IDisposable
{
    private readonly Func<BatchWindow> _settings;
    private readonly TimeProvider _time;
    private readonly Action<Batch<T>> _dispatch;
    private readonly Func<bool> _inferenceIdle;
    private readonly ITimer _windowTimer;
    private readonly Lock _gate = new();
    private List<T> _open = [];
    private BatchWindow? _openWindow;
    private long _openedTimestamp;
    private long _nextBatchId;
    private bool _disposed;

    /// <summary>Creates a batcher.</summary>
    /// <param name="settings">Read when a batch opens; the batch keeps those values.</param>
    /// <param name="time">The clock for the window.</param>
    /// <param name="dispatch">Receives each batch as it leaves.</param>
    /// <param name="inferenceIdle">Whether the inference stage has nothing running or queued.</param>
    public WindowedBatcher(Func<BatchWindow> settings, TimeProvider time, Action<Batch<T>> dispatch, Func<bool> inferenceIdle)
    {
        _settings = settings;
        _time = time;
        _dispatch = dispatch;
        _inferenceIdle = inferenceIdle;
        _windowTimer = time.CreateTimer(static state => ((WindowedBatcher<T>)state!).OnWindowTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Number of items waiting in the open batch.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _open.Count;
            }
        }
    }

    /// <summary>Adds one item; dispatches the batch if that fills it, or if the policy and an idle inference stage say so.</summary>
    public void Add(T item)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_openWindow is null)
            {
                Open();
            }

            _open.Add(item);
            var window = _openWindow!;
            if (_open.Count >= window.MaxBatchSize)
            {
                DispatchOpen(BatchTrigger.Full);
            }
            else if (window.MaxBatchDelay <= TimeSpan.Zero)
            {
                DispatchOpen(BatchTrigger.Window);
            }
            else if (window.Policy == BatchingPolicy.EagerWhenIdle && _inferenceIdle())
            {
                DispatchOpen(BatchTrigger.Idle);
            }
        }
    }

    /// <summary>The inference stage has become idle: under EagerWhenIdle, what is waiting leaves now.</summary>
    public void NotifyInferenceIdle()
    {
        lock (_gate)
        {
            if (_openWindow is { Policy: BatchingPolicy.EagerWhenIdle } && _open.Count > 0 && _inferenceIdle())
            {
                DispatchOpen(BatchTrigger.Idle);
            }
        }
    }

    /// <summary>Dispatches whatever is waiting now, whatever the window (used when draining).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (_open.Count > 0)
            {
                DispatchOpen(BatchTrigger.Drain);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _windowTimer.Dispose();
    }

    private void Open()
    {
        _openWindow = _settings();
        _openedTimestamp = _time.GetTimestamp();
        if (_openWindow.MaxBatchDelay > TimeSpan.Zero)
        {
            _windowTimer.Change(_openWindow.MaxBatchDelay, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnWindowTimer()
    {
        lock (_gate)
        {
            if (_disposed || _openWindow is null)
            {
                return;
            }

            // A stale firing (its batch already left by size or idleness) must not cut the next batch short.
            var remaining = _openWindow.MaxBatchDelay - _time.GetElapsedTime(_openedTimestamp);
            if (remaining > TimeSpan.Zero)
            {
                _windowTimer.Change(remaining, Timeout.InfiniteTimeSpan);
                return;
            }

            DispatchOpen(BatchTrigger.Window);
        }
    }

    private void DispatchOpen(BatchTrigger trigger)
    {
        var items = _open;
        var batch = new Batch<T>(++_nextBatchId, items, trigger, _openedTimestamp, _time.GetTimestamp());
        _open = new List<T>(items.Count);
        _openWindow = null;
        _windowTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _dispatch(batch);
    }
}
