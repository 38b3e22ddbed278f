using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Pipeline.Batching;

namespace RsPipeline.Pipeline.Tests.Batching;

/// <summary>What the batch queue hands out (ids, sizes) and what it keeps (references, list slots).</summary>
public class BatchQueueStorageTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(5);

    [Fact]
    public void TheConstructor_RefusesEachMissingArgument_ByName()
    {
        Func<BatchSettings> settings = () => new BatchSettings(8, Window, BatchingPolicy.FixedWindow);
        Func<BatchingPolicy, IBatchPolicy> policies = new BatchPolicies().For;
        var time = new FakeTimeProvider();
        Func<int, long> deadlineOf = _ => long.MaxValue;

        Assert.Equal("settings", Assert.Throws<ArgumentNullException>(() => new BatchQueue<int>(null!, policies, time, deadlineOf)).ParamName);
        Assert.Equal("policies", Assert.Throws<ArgumentNullException>(() => new BatchQueue<int>(settings, null!, time, deadlineOf)).ParamName);
        Assert.Equal("time", Assert.Throws<ArgumentNullException>(() => new BatchQueue<int>(settings, policies, null!, deadlineOf)).ParamName);
        Assert.Equal("deadlineOf", Assert.Throws<ArgumentNullException>(() => new BatchQueue<int>(settings, policies, time, null!)).ParamName);
        Assert.Equal("monitor", Assert.Throws<ArgumentNullException>(() => new LiveBatchingSettings(null!, NullLogger<LiveBatchingSettings>.Instance)).ParamName);
    }

    [Fact]
    public async Task ASecondConsumer_IsToldThereIsOnlyOne()
    {
        using var queue = Queue(new FakeTimeProvider(), _ => BatchDecision.WaitForArrival);
        var first = queue.TakeAsync();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => queue.TakeAsync());

        Assert.Equal("the batch queue has one consumer, and it is already waiting", refused.Message);
        Assert.False(first.IsCompleted);
    }

    [Fact]
    public void BatchIds_CountUpFromOne()
    {
        using var queue = Queue(new FakeTimeProvider(), _ => BatchDecision.Dispatch(1, BatchTrigger.Idle));
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            queue.Add(i);
            ids.Add(queue.TryTake()!.Id);
        }

        Assert.Equal([1L, 2L, 3L], ids);
    }

    [Fact]
    public void APolicyAskingForMore_GetsAtMostMaxBatchSize_AndAtMostWhatWaits()
    {
        var maxBatchSize = 2;
        var time = new FakeTimeProvider();
        using var queue = new BatchQueue<int>(() => new BatchSettings(maxBatchSize, Window, BatchingPolicy.FixedWindow), _ => new ScriptedPolicy(_ => BatchDecision.Dispatch(100, BatchTrigger.Full)), time, _ => long.MaxValue);
        queue.Add(1);
        queue.Add(2);
        queue.Add(3);

        var capped = queue.TryTake();
        maxBatchSize = 8;
        var rest = queue.TryTake();

        Assert.Equal([1, 2], capped!.Items);
        Assert.Equal([3], rest!.Items);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void ATakenRequest_IsNoLongerReferencedByTheQueue_WhileOthersStillWait()
    {
        using var queue = new BatchQueue<object>(() => new BatchSettings(8, Window, BatchingPolicy.FixedWindow), _ => new ScriptedPolicy(_ => BatchDecision.Dispatch(1, BatchTrigger.Full)), new FakeTimeProvider(), _ => long.MaxValue);
        var taken = AddUnreferenced(queue);
        for (var i = 0; i < 3; i++)
        {
            queue.Add(new object());
        }

        TakeAndDrop(queue);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(taken.IsAlive);
        Assert.Equal(3, queue.Count);
    }

    [Fact]
    public void TakenSlots_AreReclaimed_OncePastHalfTheList_OrAllTaken()
    {
        using var queue = Queue(new FakeTimeProvider(), _ => BatchDecision.Dispatch(1, BatchTrigger.Full));
        for (var i = 0; i < 4; i++)
        {
            queue.Add(i);
        }

        var slots = new List<int>();
        var items = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            items.AddRange(queue.TryTake()!.Items);
            slots.Add(queue.StoredSlots);
        }

        Assert.Equal([0, 1, 2, 3], items);
        Assert.Equal([4, 4, 1, 0], slots);
    }

    private static BatchQueue<int> Queue(FakeTimeProvider time, Func<BatchQueueState, BatchDecision> decide) =>
        new(() => new BatchSettings(8, Window, BatchingPolicy.FixedWindow), _ => new ScriptedPolicy(decide), time, _ => long.MaxValue);

    // Not inlined, so that no local of the test method keeps the request alive (Debug builds extend locals to the method's end).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference AddUnreferenced(BatchQueue<object> queue)
    {
        var request = new object();
        queue.Add(request);
        return new WeakReference(request);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TakeAndDrop(BatchQueue<object> queue) => Assert.Single(queue.TryTake()!.Items);
}
