using Microsoft.Extensions.Time.Testing;
using RsPipeline.Pipeline.Batching;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests.Batching;

/// <summary>How the waiting inference loop is woken: by an arrival, by the timer it asked for, by a settings change, by the end of intake.</summary>
public class BatchQueueTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(5);

    private static BatchQueue<int> Queue(FakeTimeProvider time, Func<BatchSettings> settings, Func<int, long>? deadlineOf = null) =>
        new(settings, new BatchPolicies().For, time, deadlineOf ?? (_ => long.MaxValue));

    [Fact]
    public async Task EagerWhenIdle_AWaitingLoop_TakesTheFirstArrivalAtOnce()
    {
        var time = new FakeTimeProvider();
        using var queue = Queue(time, () => new BatchSettings(8, Window, BatchingPolicy.EagerWhenIdle));
        var take = queue.TakeAsync();
        var before = take.IsCompleted;

        queue.Add(1);
        var batch = await take.DefaultTimeout();

        Assert.False(before);
        Assert.Equal([1], batch!.Items);
        Assert.Equal(BatchTrigger.Idle, batch.Trigger);
        Assert.Equal(time.GetTimestamp(), batch.DispatchedTimestamp);
    }

    [Fact]
    public async Task FixedWindow_APartialBatch_LeavesExactlyWhenItsOldestRequestsWindowEnds()
    {
        var time = new FakeTimeProvider();
        using var queue = Queue(time, () => new BatchSettings(8, Window, BatchingPolicy.FixedWindow));
        var opened = time.GetTimestamp();
        queue.Add(1);
        var take = queue.TakeAsync();
        time.Advance(TimeSpan.FromMilliseconds(3));
        queue.Add(2);
        time.Advance(TimeSpan.FromMilliseconds(2) - TimeSpan.FromTicks(1));
        var beforeTheWindow = take.IsCompleted;

        time.Advance(TimeSpan.FromTicks(1));
        var batch = await take.DefaultTimeout();

        Assert.False(beforeTheWindow);
        Assert.Equal([1, 2], batch!.Items);
        Assert.Equal(BatchTrigger.Window, batch.Trigger);
        Assert.Equal(opened, batch.OldestArrivalTimestamp);
        Assert.Equal(Window, time.GetElapsedTime(batch.OldestArrivalTimestamp, batch.DispatchedTimestamp));
    }

    [Fact]
    public async Task FixedWindow_FillingUp_LeavesFullAtOnce_AndTheRestStartsItsOwnWindow()
    {
        var time = new FakeTimeProvider();
        using var queue = Queue(time, () => new BatchSettings(2, Window, BatchingPolicy.FixedWindow));
        queue.Add(1);
        time.Advance(TimeSpan.FromMilliseconds(4));
        queue.Add(2);
        queue.Add(3);

        var full = await queue.TakeAsync().DefaultTimeout();
        var rest = queue.TakeAsync();
        time.Advance(TimeSpan.FromMilliseconds(1));
        var afterTheFirstWindow = rest.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(4));

        AssertBatch(full, [1, 2], BatchTrigger.Full);
        Assert.False(afterTheFirstWindow);
        var last = await rest.DefaultTimeout();
        AssertBatch(last, [3], BatchTrigger.Window);
    }

    [Fact]
    public async Task ASettingsChange_WakesTheLoop_AndAppliesToTheBatchNotYetFormed()
    {
        var time = new FakeTimeProvider();
        var settings = new BatchSettings(8, TimeSpan.FromSeconds(10), BatchingPolicy.FixedWindow);
        using var queue = Queue(time, () => settings);
        queue.Add(1);
        queue.Add(2);
        var take = queue.TakeAsync();

        settings = settings with { MaxBatchSize = 1 };
        queue.Wake();
        var first = await take.DefaultTimeout();
        var second = await queue.TakeAsync().DefaultTimeout();

        AssertBatch(first, [1], BatchTrigger.Full);
        AssertBatch(second, [2], BatchTrigger.Full);
    }

    [Fact]
    public async Task ALongerWindowWhileWaiting_RearmsTheTimer_ForTheNewEnd()
    {
        var time = new FakeTimeProvider();
        var settings = new BatchSettings(8, Window, BatchingPolicy.FixedWindow);
        using var queue = Queue(time, () => settings);
        queue.Add(1);
        var take = queue.TakeAsync();

        settings = settings with { MaxBatchDelay = Window * 2 };
        time.Advance(Window);
        var atTheOldEnd = take.IsCompleted;
        time.Advance(Window);
        var batch = await take.DefaultTimeout();

        Assert.False(atTheOldEnd);
        Assert.Equal(Window * 2, time.GetElapsedTime(batch!.OldestArrivalTimestamp, batch.DispatchedTimestamp));
    }

    [Fact]
    public async Task Complete_DrainsWhatWaits_WithoutItsWindow_ThenTheLoopEnds()
    {
        var time = new FakeTimeProvider();
        using var queue = Queue(time, () => new BatchSettings(2, TimeSpan.FromSeconds(10), BatchingPolicy.FixedWindow));
        queue.Add(1);
        queue.Add(2);
        queue.Add(3);
        var first = await queue.TakeAsync().DefaultTimeout();
        var second = queue.TakeAsync();
        var beforeComplete = second.IsCompleted;

        queue.Complete();
        var drained = await second.DefaultTimeout();
        var end = await queue.TakeAsync().DefaultTimeout();

        Assert.Equal(BatchTrigger.Full, first!.Trigger);
        Assert.False(beforeComplete);
        AssertBatch(drained, [3], BatchTrigger.Drain);
        Assert.Null(end);
        Assert.True(queue.Completion.IsCompletedSuccessfully);
        Assert.False(queue.Add(4));
    }

    [Fact]
    public async Task Complete_WhenEmpty_EndsAWaitingLoop_AndNoEmptyBatchIsEverMade()
    {
        var time = new FakeTimeProvider();
        using var queue = Queue(time, () => new BatchSettings(2, Window, BatchingPolicy.EagerWhenIdle));
        var take = queue.TakeAsync();

        queue.Complete();

        Assert.Null(await take.DefaultTimeout());
        Assert.Null(queue.TryTake());
    }

    [Fact]
    public async Task ZeroWindow_NeverWaits_UnderEitherWindowPolicy()
    {
        var time = new FakeTimeProvider();

        // LatencySlo ignores MaxBatchDelay (LatencySloPolicyTests pins that).
        foreach (var policy in new[] { BatchingPolicy.FixedWindow, BatchingPolicy.EagerWhenIdle })
        {
            using var queue = Queue(time, () => new BatchSettings(8, TimeSpan.Zero, policy));
            queue.Add(1);

            var batch = await queue.TakeAsync().DefaultTimeout();

            AssertBatch(batch, [1], BatchTrigger.Window);
        }
    }

    [Fact]
    public async Task ASecondConsumer_IsRefused()
    {
        var time = new FakeTimeProvider();
        using var queue = Queue(time, () => new BatchSettings(8, Window, BatchingPolicy.EagerWhenIdle));
        var first = queue.TakeAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.TakeAsync());

        queue.Add(1);
        Assert.Equal([1], (await first.DefaultTimeout())!.Items);
    }

    [Fact]
    public async Task Dispose_EndsIntake_AndWhatWaitsCanStillBeTaken()
    {
        var time = new FakeTimeProvider();
        var queue = Queue(time, () => new BatchSettings(8, TimeSpan.FromSeconds(10), BatchingPolicy.FixedWindow));
        queue.Add(1);

        queue.Dispose();

        Assert.False(queue.Add(2));
        AssertBatch(await queue.TakeAsync().DefaultTimeout(), [1], BatchTrigger.Drain);
        Assert.Null(await queue.TakeAsync().DefaultTimeout());
    }

    [Fact]
    public async Task WhenWaiting_CompletesAtTheCount_NotBefore()
    {
        var time = new FakeTimeProvider();
        using var queue = Queue(time, () => new BatchSettings(8, TimeSpan.FromSeconds(10), BatchingPolicy.FixedWindow));
        var two = queue.WhenWaiting(2);
        queue.Add(1);
        var afterOne = two.IsCompleted;

        queue.Add(2);

        Assert.False(afterOne);
        await two.DefaultTimeout();
        Assert.True(queue.WhenWaiting(2).IsCompleted);
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public void Deadlines_ReachThePolicy_OldestFirst()
    {
        var time = new FakeTimeProvider();
        var policy = new RecordingPolicy();
        using var queue = new BatchQueue<int>(() => new BatchSettings(8, Window, BatchingPolicy.FixedWindow), _ => policy, time, item => item * 100L);
        queue.Add(3);
        time.Advance(Window);
        queue.Add(1);

        Assert.Null(queue.TryTake());

        var arrived = policy.Seen!;
        Assert.Equal([300L, 100L], arrived.Select(w => w.DeadlineTimestamp));
        Assert.Equal(Window, time.GetElapsedTime(arrived[0].ArrivalTimestamp, arrived[1].ArrivalTimestamp));
    }

    private static void AssertBatch(Batch<int>? batch, int[] items, BatchTrigger trigger)
    {
        Assert.NotNull(batch);
        Assert.Equal(items, batch.Items);
        Assert.Equal(trigger, batch.Trigger);
    }

    private sealed class RecordingPolicy : IBatchPolicy
    {
        public WaitingRequest[]? Seen { get; private set; }

        public BatchDecision Decide(in BatchQueueState state)
        {
            Seen = state.Waiting.ToArray();
            return BatchDecision.WaitForArrival;
        }
    }
}
