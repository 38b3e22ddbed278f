using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Dataflow;

namespace RsPipeline.Pipeline.Batching;

/// <summary>
/// The requests waiting for inference, and the one place where batches are formed. The parse stage
/// feeds it (it is a Dataflow target, so arrivals keep their order); the single inference loop pulls
/// a batch with <see cref="TakeAsync"/> whenever it is idle, and the policy named by the live settings
/// decides, at that moment and again at each arrival, timer or settings change, whether the oldest
/// requests leave now and how many (never more than MaxBatchSize). Like OpenTelemetry's batch export
/// worker, one consumer decides when a batch leaves; producers only add. Arrivals are never refused:
/// admission bounds how many requests are inside the pipeline.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is a queue: requests wait in it, oldest first, until a batch leaves.")]
public sealed class BatchQueue<T> : ITargetBlock<T>, IDisposable
{
    private readonly Func<BatchSettings> _settings;
    private readonly Func<BatchingPolicy, IBatchPolicy> _policies;
    private readonly Func<T, long> _deadlineOf;
    private readonly TimeProvider _time;
    private readonly ITimer _wakeTimer;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();

    // Oldest first from _head on; taken entries are cleared and the list compacted when half is spent.
    private readonly List<T> _items = [];
    private readonly List<WaitingRequest> _waiting = [];
    private int _head;
    private TaskCompletionSource? _wake;
    private List<(int Count, TaskCompletionSource Reached)>? _countWaiters;
    private bool _taking;
    private long _wakeAt = long.MaxValue;
    private bool _completing;
    private bool _disposed;
    private long _nextBatchId;

    /// <summary>Creates an empty queue.</summary>
    /// <param name="settings">The settings in force, read at every decision.</param>
    /// <param name="policies">The policy object for each <see cref="BatchingPolicy"/>.</param>
    /// <param name="time">The clock for arrivals, windows and wake-ups.</param>
    /// <param name="deadlineOf">An item's deadline as a TimeProvider timestamp; <see cref="long.MaxValue"/> for none.</param>
    public BatchQueue(Func<BatchSettings> settings, Func<BatchingPolicy, IBatchPolicy> policies, TimeProvider time, Func<T, long> deadlineOf)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(deadlineOf);
        _settings = settings;
        _policies = policies;
        _time = time;
        _deadlineOf = deadlineOf;
        _wakeTimer = time.CreateTimer(static state => ((BatchQueue<T>)state!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Requests waiting now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count - _head;
            }
        }
    }

    /// <summary>Completes once intake has ended (<see cref="Complete"/>) and the last request was taken.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Adds one request at the back; the idle inference loop, if waiting, decides again.</summary>
    /// <returns>False when intake has ended.</returns>
    public bool Add(T item)
    {
        lock (_gate)
        {
            if (_completing)
            {
                return false;
            }

            _items.Add(item);
            _waiting.Add(new WaitingRequest(_time.GetTimestamp(), _deadlineOf(item)));
            WakeLocked();
            if (_countWaiters is not null)
            {
                ReleaseCountWaitersLocked();
            }

            return true;
        }
    }

    /// <summary>Makes a waiting consumer decide again now (e.g. the settings changed).</summary>
    public void Wake()
    {
        lock (_gate)
        {
            WakeLocked();
        }
    }

    /// <summary>
    /// Waits until the policy lets a batch leave, and returns it; returns null once intake has ended
    /// and nothing is left. One consumer at a time: the inference loop, which asks only when idle.
    /// </summary>
    public async Task<Batch<T>?> TakeAsync()
    {
        while (true)
        {
            Task wake;
            lock (_gate)
            {
                if (_taking)
                {
                    throw new InvalidOperationException("the batch queue has one consumer, and it is already waiting");
                }

                if (TryTakeLocked() is { } batch)
                {
                    return batch;
                }

                if (_completing && _items.Count == _head)
                {
                    _completion.TrySetResult();
                    return null;
                }

                if (_wakeAt != long.MaxValue && _time.GetTimestamp() >= _wakeAt)
                {
                    // The clock passed the wake-up time while the decision was being made (the timer
                    // was armed from an earlier reading): decide again now instead of waiting.
                    continue;
                }

                _taking = true;
                _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wake = _wake.Task;
            }

            await wake.ConfigureAwait(false);
            lock (_gate)
            {
                _taking = false;
            }
        }
    }

    /// <summary>Ends intake: what waits leaves without waiting for a window, and <see cref="TakeAsync"/> then returns null.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completing = true;
            WakeLocked();
        }
    }

    /// <summary>Ends intake as <see cref="Complete"/> does and stops the timer; what still waits can be taken.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _completing = true;
            WakeLocked();
        }

        _wakeTimer.Dispose();
    }

    void IDataflowBlock.Fault(Exception exception) => Complete();

    /// <summary>
    /// Decides now, as <see cref="TakeAsync"/> does each time it wakes: the batch the policy lets
    /// leave at this moment, or null (for tests that play the inference loop step by step).
    /// </summary>
    internal Batch<T>? TryTake()
    {
        lock (_gate)
        {
            return TryTakeLocked();
        }
    }

    /// <summary>List slots held, those of taken requests not yet reclaimed included (for tests that check the storage stays bounded).</summary>
    internal int StoredSlots
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> requests wait (for tests that must know the queue's state without polling).</summary>
    internal Task WhenWaiting(int count)
    {
        lock (_gate)
        {
            if (_items.Count - _head >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (_countWaiters ??= []).Add((count, reached));
            return reached.Task;
        }
    }

    DataflowMessageStatus ITargetBlock<T>.OfferMessage(DataflowMessageHeader messageHeader, T messageValue, ISourceBlock<T>? source, bool consumeToAccept)
    {
        if (consumeToAccept)
        {
            messageValue = source!.ConsumeMessage(messageHeader, this, out var consumed)!;
            if (!consumed)
            {
                return DataflowMessageStatus.NotAvailable;
            }
        }

        return Add(messageValue) ? DataflowMessageStatus.Accepted : DataflowMessageStatus.DecliningPermanently;
    }

    private Batch<T>? TryTakeLocked()
    {
        var waiting = _items.Count - _head;
        if (waiting == 0)
        {
            // Stryker disable once Statement : the timer is already disarmed here: it starts so, and requests leave only by a dispatch, which disarms it below
            ArmTimer(long.MaxValue);
            return null;
        }

        var settings = _settings();
        var now = _time.GetTimestamp();
        var state = new BatchQueueState(CollectionsMarshal.AsSpan(_waiting)[_head..], now, _time.TimestampFrequency, settings, _completing);
        var decision = _policies(settings.Policy).Decide(state);
        if (!decision.Dispatches)
        {
            ArmTimer(decision.WakeAt);
            return null;
        }

        ArmTimer(long.MaxValue);
        var count = Math.Min(Math.Min(decision.Count, settings.MaxBatchSize), waiting);
        var oldest = _waiting[_head].ArrivalTimestamp;
        var items = _items.GetRange(_head, count).ToArray();
        Remove(count);
        return new Batch<T>(++_nextBatchId, items, decision.Trigger, oldest, now) { PredictedInference = decision.PredictedInference };
    }

    private void Remove(int count)
    {
        // Clear the references so that answered requests are not kept alive by the queue.
        CollectionsMarshal.AsSpan(_items).Slice(_head, count).Clear();
        _head += count;
        if (_head == _items.Count || _head > _items.Count / 2)
        {
            _items.RemoveRange(0, _head);
            _waiting.RemoveRange(0, _head);
            _head = 0;
        }
    }

    // The delay is measured from a fresh reading of the clock, not from the one the decision used:
    // the timer counts from the moment it is armed.
    private void ArmTimer(long wakeAt)
    {
        if (_disposed)
        {
            return;
        }

        _wakeAt = wakeAt;
        var now = _time.GetTimestamp();
        var due = wakeAt == long.MaxValue ? Timeout.InfiniteTimeSpan : _time.GetElapsedTime(now, Math.Max(wakeAt, now));
        _wakeTimer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private void ReleaseCountWaitersLocked()
    {
        var waiting = _items.Count - _head;
        _countWaiters!.RemoveAll(waiter =>
        {
            if (waiter.Count > waiting)
            {
                return false;
            }

            waiter.Reached.TrySetResult();
            // Stryker disable once Boolean : a released waiter left in the list is released again by TrySetResult, which does nothing; only test hooks wait here
            return true;
        });
        // Stryker disable once Block : an empty list left in place releases nothing at the next arrival, just as no list does
        if (_countWaiters.Count == 0)
        {
            _countWaiters = null;
        }
    }

    private void WakeLocked()
    {
        _wake?.TrySetResult();
        _wake = null;
    }
}
