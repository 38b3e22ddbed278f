using System.Threading.Tasks.Dataflow;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Pipeline.Batching;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests.Batching;

/// <summary>The batch queue's timer races, its end (complete, dispose) and its Dataflow face.</summary>
public class BatchQueueEdgeTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(5);

    private static BatchQueue<int> Queue(TimeProvider time, BatchSettings settings) =>
        new(() => settings, new BatchPolicies().For, time, _ => long.MaxValue);

    [Fact]
    public async Task AWakeTimeAlreadyPast_FiresAtOnce()
    {
        // A policy whose first answer is a wake-up in the past (the clock moved on while it decided):
        // the timer is armed with no delay (on the system clock, as a fake one fires only when advanced).
        var time = TimeProvider.System;
        var policy = new ScriptedPolicy(state => BatchDecision.WaitUntil(state.Now - 1), _ => BatchDecision.Dispatch(1, BatchTrigger.Window));
        using var queue = new BatchQueue<int>(() => new BatchSettings(8, Window, BatchingPolicy.FixedWindow), _ => policy, time, _ => long.MaxValue);
        queue.Add(1);

        var batch = await queue.TakeAsync().DefaultTimeout();

        Assert.Equal([1], batch!.Items);
        Assert.Equal(2, policy.Calls);
    }

    [Fact]
    public async Task ATimerThatFiresLate_StillLetsTheBatchLeave_AtTheLateTime()
    {
        // The window ends at 5 ms; the clock jumps to 12 ms in one step (a timer that fires late).
        var time = new FakeTimeProvider();
        using var queue = Queue(time, new BatchSettings(8, Window, BatchingPolicy.FixedWindow));
        queue.Add(1);
        var take = queue.TakeAsync();

        time.Advance(TimeSpan.FromMilliseconds(12));
        var batch = await take.DefaultTimeout();

        Assert.Equal(BatchTrigger.Window, batch!.Trigger);
        Assert.Equal(TimeSpan.FromMilliseconds(12), time.GetElapsedTime(batch.OldestArrivalTimestamp, batch.DispatchedTimestamp));
    }

    [Fact]
    public void Add_AfterDispose_IsRefused_AndWhatWaitedLeavesFullThenAsDrain()
    {
        var time = new FakeTimeProvider();
        var queue = Queue(time, new BatchSettings(2, Window, BatchingPolicy.FixedWindow));
        queue.Add(1);
        queue.Add(2);
        queue.Add(3);

        queue.Dispose();

        Assert.False(queue.Add(4));
        Assert.Equal([1, 2], queue.TryTake()!.Items);
        Assert.Equal(BatchTrigger.Drain, queue.TryTake()!.Trigger);
        Assert.Null(queue.TryTake());
        queue.Dispose();
    }

    [Fact]
    public async Task AddAfterDispose_OnTheSystemClock_IsRefused_AndNothingThrows()
    {
        var queue = Queue(TimeProvider.System, new BatchSettings(2, TimeSpan.FromSeconds(10), BatchingPolicy.FixedWindow));
        queue.Add(1);
        queue.Dispose();

        Assert.False(queue.Add(2));
        Assert.Equal([1], (await queue.TakeAsync().DefaultTimeout())!.Items);
        Assert.Null(await queue.TakeAsync().DefaultTimeout());
        Assert.True(queue.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Complete_LeavesTheCompletionPending_UntilTheLastRequestWasTaken()
    {
        using var queue = Queue(new FakeTimeProvider(), new BatchSettings(8, Window, BatchingPolicy.FixedWindow));
        queue.Add(1);

        queue.Complete();
        var pendingWhileOneWaits = queue.Completion.IsCompleted;
        var last = await queue.TakeAsync().DefaultTimeout();
        var end = await queue.TakeAsync().DefaultTimeout();

        Assert.False(pendingWhileOneWaits);
        Assert.Equal(BatchTrigger.Drain, last!.Trigger);
        Assert.Null(end);
        await queue.Completion.DefaultTimeout();
    }

    [Fact]
    public async Task ManyBatches_KeepArrivalOrder_AcrossTheQueuesCompaction()
    {
        var time = new FakeTimeProvider();
        using var queue = Queue(time, new BatchSettings(3, Window, BatchingPolicy.FixedWindow));
        var taken = new List<int>();
        var next = 0;
        for (var round = 0; round < 20; round++)
        {
            // Add more than a batch each round, take one batch: the queue grows, then is drained.
            for (var i = 0; i < (round < 10 ? 4 : 2); i++)
            {
                queue.Add(next++);
            }

            taken.AddRange(queue.TryTake()!.Items);
            Assert.Equal(next - taken.Count, queue.Count);
        }

        queue.Complete();
        while (await queue.TakeAsync().DefaultTimeout() is { } batch)
        {
            taken.AddRange(batch.Items);
        }

        Assert.Equal(Enumerable.Range(0, next), taken);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task WhenWaiting_ReleasesEachWaiterAtItsOwnCount()
    {
        using var queue = Queue(new FakeTimeProvider(), new BatchSettings(8, Window, BatchingPolicy.FixedWindow));
        var one = queue.WhenWaiting(1);
        var three = queue.WhenWaiting(3);
        var two = queue.WhenWaiting(2);

        queue.Add(1);
        var afterOne = (one.IsCompleted, two.IsCompleted, three.IsCompleted);
        queue.Add(2);
        var afterTwo = (two.IsCompleted, three.IsCompleted);
        queue.Add(3);

        Assert.Equal((true, false, false), afterOne);
        Assert.Equal((true, false), afterTwo);
        await three.DefaultTimeout();
    }

    [Fact]
    public void Wake_WithNoConsumerWaiting_IsHarmless()
    {
        using var queue = Queue(new FakeTimeProvider(), new BatchSettings(8, Window, BatchingPolicy.EagerWhenIdle));

        queue.Wake();
        queue.Add(1);

        Assert.Equal([1], queue.TryTake()!.Items);
    }

    [Fact]
    public async Task AsADataflowTarget_ItAcceptsLinkedMessages_ConsumingThoseOfferedForConsumption()
    {
        using var queue = Queue(new FakeTimeProvider(), new BatchSettings(8, TimeSpan.FromSeconds(10), BatchingPolicy.FixedWindow));
        var target = (ITargetBlock<int>)queue;
        var source = new BufferBlock<int>(new DataflowBlockOptions { BoundedCapacity = 1 });
        using var link = source.LinkTo(target, new DataflowLinkOptions { PropagateCompletion = true });

        await source.SendAsync(1).DefaultTimeout();
        await source.SendAsync(2).DefaultTimeout();
        await queue.WhenWaiting(2).DefaultTimeout();
        source.Complete();

        var drained = await queue.TakeAsync().DefaultTimeout();
        Assert.Equal([1, 2], drained!.Items);
        Assert.Equal(BatchTrigger.Drain, drained.Trigger);
        Assert.Null(await queue.TakeAsync().DefaultTimeout());
    }

    [Fact]
    public void AsADataflowTarget_AMessageNoLongerAvailable_IsNotAdded_AndAfterTheEndMessagesAreDeclined()
    {
        using var queue = Queue(new FakeTimeProvider(), new BatchSettings(8, Window, BatchingPolicy.FixedWindow));
        var target = (ITargetBlock<int>)queue;
        var gone = new VanishingSource();

        var notAvailable = target.OfferMessage(new DataflowMessageHeader(1), 7, gone, consumeToAccept: true);
        var accepted = target.OfferMessage(new DataflowMessageHeader(2), 8, null, consumeToAccept: false);
        target.Fault(new InvalidOperationException("upstream"));
        var declined = target.OfferMessage(new DataflowMessageHeader(3), 9, null, consumeToAccept: false);

        Assert.Equal(DataflowMessageStatus.NotAvailable, notAvailable);
        Assert.Equal(DataflowMessageStatus.Accepted, accepted);
        Assert.Equal(DataflowMessageStatus.DecliningPermanently, declined);
        Assert.Equal([8], queue.TryTake()!.Items);
    }

    private sealed class VanishingSource : ISourceBlock<int>
    {
        public Task Completion => Task.CompletedTask;

        public void Complete()
        {
        }

        public int ConsumeMessage(DataflowMessageHeader messageHeader, ITargetBlock<int> target, out bool messageConsumed)
        {
            messageConsumed = false;
            return 0;
        }

        public void Fault(Exception exception)
        {
        }

        public IDisposable LinkTo(ITargetBlock<int> target, DataflowLinkOptions linkOptions) => throw new NotSupportedException();

        public void ReleaseReservation(DataflowMessageHeader messageHeader, ITargetBlock<int> target)
        {
        }

        public bool ReserveMessage(DataflowMessageHeader messageHeader, ITargetBlock<int> target) => false;
    }
}
