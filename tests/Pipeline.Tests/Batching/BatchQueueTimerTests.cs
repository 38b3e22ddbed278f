using Microsoft.Extensions.Time.Testing;
using RsPipeline.Pipeline.Batching;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests.Batching;

/// <summary>The batch queue's wake timer (armed, disarmed, disposed) and how the waiting consumer resumes.</summary>
public class BatchQueueTimerTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(5);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task AWakeTimeTheClockHasReached_IsDecidedAgainAtOnce_WithoutTheClockMoving(long fromNow)
    {
        // On a fake clock the timer fires only when advanced, so only the queue's own check can see
        // that the wake-up time is already here (at it, or past it).
        var time = new FakeTimeProvider();
        var policy = new ScriptedPolicy(state => BatchDecision.WaitUntil(state.Now + fromNow), _ => BatchDecision.Dispatch(1, BatchTrigger.Window));
        using var queue = new BatchQueue<int>(() => new BatchSettings(8, Window, BatchingPolicy.FixedWindow), _ => policy, time, _ => long.MaxValue);
        var start = time.GetTimestamp();
        queue.Add(1);

        var batch = await queue.TakeAsync().DefaultTimeout();

        Assert.Equal([1], batch!.Items);
        Assert.Equal(2, policy.Calls);
        Assert.Equal(start, time.GetTimestamp());
    }

    [Fact]
    public async Task AWaitingConsumer_ResumesOffTheCallersSynchronizationContext()
    {
        // A context that never runs what is posted to it: a consumer that resumed on it would hang.
        using var queue = new BatchQueue<int>(() => new BatchSettings(8, Window, BatchingPolicy.EagerWhenIdle), new BatchPolicies().For, new FakeTimeProvider(), _ => long.MaxValue);
        var context = new NeverRunningContext();
        var previous = SynchronizationContext.Current;
        Task<Batch<int>?> take;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            take = queue.TakeAsync();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        queue.Add(1);
        var batch = await take.DefaultTimeout();

        Assert.Equal([1], batch!.Items);
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task Dispose_WakesAWaitingConsumer_WhichGetsTheEnd()
    {
        using var queue = new BatchQueue<int>(() => new BatchSettings(8, Window, BatchingPolicy.FixedWindow), new BatchPolicies().For, new FakeTimeProvider(), _ => long.MaxValue);
        var take = queue.TakeAsync();
        var before = take.IsCompleted;

        queue.Dispose();

        Assert.False(before);
        Assert.Null(await take.DefaultTimeout());
        Assert.True(queue.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Dispose_WakesAConsumerWaitingForAWindow_AndWhatWaitsLeavesAsDrain_BeforeTheWindowEnds()
    {
        var time = new FakeTimeProvider();
        using var queue = new BatchQueue<int>(() => new BatchSettings(8, Window, BatchingPolicy.FixedWindow), new BatchPolicies().For, time, _ => long.MaxValue);
        queue.Add(1);
        var take = queue.TakeAsync();
        var before = take.IsCompleted;

        queue.Dispose();
        var batch = await take.DefaultTimeout();

        Assert.False(before);
        Assert.Equal([1], batch!.Items);
        Assert.Equal(BatchTrigger.Drain, batch.Trigger);
        Assert.Equal(batch.OldestArrivalTimestamp, batch.DispatchedTimestamp);
    }

    [Fact]
    public void TheTimer_IsArmedForTheWindow_DisarmedWhenABatchLeaves_AndNeverTouchedAfterDispose()
    {
        var clock = new RecordingClock();
        var queue = new BatchQueue<int>(() => new BatchSettings(2, Window, BatchingPolicy.FixedWindow), new BatchPolicies().For, clock, _ => long.MaxValue);
        var timer = clock.Timer!;

        queue.Add(1);
        var waiting = queue.TryTake();
        var armedFor = timer.LastDue;
        queue.Add(2);
        queue.Add(3);
        var full = queue.TryTake();
        var afterTheBatch = timer.LastDue;
        queue.Dispose();
        var drained = queue.TryTake();
        var end = queue.TryTake();

        Assert.Null(waiting);
        Assert.Equal(Window, armedFor);
        Assert.Equal([1, 2], full!.Items);
        Assert.Equal(Timeout.InfiniteTimeSpan, afterTheBatch);
        Assert.Equal([3], drained!.Items);
        Assert.Null(end);
        Assert.True(timer.Disposed);
        Assert.Equal(0, timer.ChangesAfterDispose);
    }

    private sealed class NeverRunningContext : SynchronizationContext
    {
        private int _posts;

        public int Posts => Volatile.Read(ref _posts);

        public override void Post(SendOrPostCallback d, object? state) => Interlocked.Increment(ref _posts);

        public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();
    }

    /// <summary>A fake clock whose one timer records how it was set, and whether it was set after its disposal.</summary>
    private sealed class RecordingClock : TimeProvider
    {
        private readonly FakeTimeProvider _fake = new();

        public RecordingTimer? Timer { get; private set; }

        public override long TimestampFrequency => _fake.TimestampFrequency;

        public override long GetTimestamp() => _fake.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            Timer = new RecordingTimer(_fake.CreateTimer(callback, state, dueTime, period), dueTime);
    }

    private sealed class RecordingTimer(ITimer inner, TimeSpan dueTime) : ITimer
    {
        public TimeSpan LastDue { get; private set; } = dueTime;

        public bool Disposed { get; private set; }

        public int ChangesAfterDispose { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (Disposed)
            {
                ChangesAfterDispose++;
            }

            LastDue = dueTime;
            return inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            Disposed = true;
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
