using RsPipeline.Pipeline.Batching;

namespace RsPipeline.Pipeline.Tests.Batching;

/// <summary>Each policy's decision for hand-built states: what leaves, why, and otherwise until when it waits.</summary>
public class BatchPolicyTests
{
    private const long Frequency = 1_000_000;

    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(5);

    private static BatchDecision Decide(IBatchPolicy policy, int maxBatchSize, TimeSpan window, long now, bool completing, params long[] arrivals)
    {
        var waiting = arrivals.Select(a => new WaitingRequest(a, long.MaxValue)).ToArray();
        var state = new BatchQueueState(waiting, now, Frequency, new BatchSettings(maxBatchSize, window, BatchingPolicy.FixedWindow), completing);
        return policy.Decide(state);
    }

    [Theory]
    [InlineData(3, 3, BatchTrigger.Full)]
    [InlineData(3, 5, BatchTrigger.Full)]
    public void EitherPolicy_MaxBatchSizeWaiting_LeavesFull_EvenWhileDraining(int maxBatchSize, int waiting, BatchTrigger trigger)
    {
        var arrivals = Enumerable.Repeat(0L, waiting).ToArray();
        foreach (IBatchPolicy policy in new IBatchPolicy[] { FixedWindowPolicy.Instance, EagerWhenIdlePolicy.Instance })
        {
            var decision = Decide(policy, maxBatchSize, Window, now: 0, completing: true, arrivals);

            Assert.Equal((maxBatchSize, trigger), (decision.Count, decision.Trigger));
        }
    }

    [Fact]
    public void FixedWindow_BeforeTheOldestRequestsWindowEnds_WaitsUntilExactlyThen()
    {
        var decision = Decide(FixedWindowPolicy.Instance, 8, Window, now: 4_999, completing: false, 0, 3_000);

        Assert.False(decision.Dispatches);
        Assert.Equal(5_000, decision.WakeAt);
    }

    [Theory]
    [InlineData(5_000)]
    [InlineData(9_000)]
    public void FixedWindow_AtOrPastTheWindow_EverythingWaitingLeaves(long now)
    {
        var decision = Decide(FixedWindowPolicy.Instance, 8, Window, now, completing: false, 0, 3_000, 4_000);

        Assert.Equal((3, BatchTrigger.Window), (decision.Count, decision.Trigger));
    }

    [Fact]
    public void FixedWindow_Draining_LeavesAtOnce()
    {
        var decision = Decide(FixedWindowPolicy.Instance, 8, Window, now: 1, completing: true, 0, 1);

        Assert.Equal((2, BatchTrigger.Drain), (decision.Count, decision.Trigger));
    }

    [Fact]
    public void FixedWindow_AHugeWindow_WaitsWithoutOverflowing()
    {
        var decision = Decide(FixedWindowPolicy.Instance, 8, TimeSpan.MaxValue, now: 10, completing: false, long.MaxValue - 5);

        Assert.Equal(long.MaxValue, decision.WakeAt);
    }

    [Fact]
    public void EagerWhenIdle_TakesEverythingWaiting_AsIdle()
    {
        var decision = Decide(EagerWhenIdlePolicy.Instance, 8, Window, now: 0, completing: false, 0, 0, 0);

        Assert.Equal((3, BatchTrigger.Idle), (decision.Count, decision.Trigger));
    }

    [Fact]
    public void EagerWhenIdle_ZeroWindow_IsReportedAsTheWindow()
    {
        var decision = Decide(EagerWhenIdlePolicy.Instance, 8, TimeSpan.Zero, now: 0, completing: false, 0);

        Assert.Equal((1, BatchTrigger.Window), (decision.Count, decision.Trigger));
    }

    [Fact]
    public void EagerWhenIdle_Draining_LeavesAsDrain()
    {
        var decision = Decide(EagerWhenIdlePolicy.Instance, 8, Window, now: 0, completing: true, 0, 0);

        Assert.Equal((2, BatchTrigger.Drain), (decision.Count, decision.Trigger));
    }

    [Fact]
    public void Policies_AreChosenByTheLiveSetting()
    {
        var policies = new BatchPolicies();

        Assert.Same(FixedWindowPolicy.Instance, policies.For(BatchingPolicy.FixedWindow));
        Assert.Same(EagerWhenIdlePolicy.Instance, policies.For(BatchingPolicy.EagerWhenIdle));
    }

    [Fact]
    public void Dispatch_OfNothing_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchDecision.Dispatch(0, BatchTrigger.Full));

    [Fact]
    public void WaitForArrival_WaitsWithoutATimer()
    {
        Assert.False(BatchDecision.WaitForArrival.Dispatches);
        Assert.Equal(long.MaxValue, BatchDecision.WaitForArrival.WakeAt);
    }
}
