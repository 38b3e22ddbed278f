using RsPipeline.Pipeline.Batching;

namespace RsPipeline.Pipeline.Tests.Batching;

/// <summary>
/// LatencySlo's budget: the target less Batching:LatencyTargetMargin less the measured overhead
/// outside the queue and inference, against hand-computed decisions. As in LatencySloPolicyTests:
/// timestamps in microseconds, c(n) = 1,000 + 100·n µs exactly, headroom 1, target 10 ms.
/// </summary>
public class LatencySloBudgetTests
{
    private const long Frequency = 1_000_000;
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(10);
    private static readonly object Scorer = new();

    private static TimeSpan Micros(long micros) => TimeSpan.FromTicks(micros * 10);

    private static LatencySloPolicy Policy(RequestOverheadModel? overhead = null)
    {
        var model = new InferenceCostModel();
        model.Seed(Scorer, [(1, Micros(1_100)), (4, Micros(1_400)), (8, Micros(1_800))]);
        return new LatencySloPolicy(model, 1.0, overhead);
    }

    private static BatchSettings Settings(long marginMicros) =>
        new(8, TimeSpan.FromMilliseconds(2), BatchingPolicy.LatencySlo) { LatencyTarget = Target, LatencyTargetMargin = Micros(marginMicros) };

    private static BatchDecision Decide(LatencySloPolicy policy, long now, long marginMicros, params WaitingRequest[] waiting) =>
        policy.Decide(new BatchQueueState(waiting, now, Frequency, Settings(marginMicros), Completing: false));

    private static WaitingRequest At(long arrival, long deadline = long.MaxValue) => new(arrival, deadline);

    // Teaches the policy a gap of 500 µs between arrivals (the first request leaves as Idle).
    private static LatencySloPolicy SawAGapOf500(RequestOverheadModel? overhead = null)
    {
        var policy = Policy(overhead);
        Assert.Equal(BatchTrigger.Idle, Decide(policy, 0, 0, At(0)).Trigger);
        return policy;
    }

    private static RequestOverheadModel Overhead(long micros)
    {
        var overhead = new RequestOverheadModel();
        overhead.Observe(Micros(micros));
        return overhead;
    }

    [Fact]
    public void TheMargin_ComesOffTheTarget_SoTheWaitEndsThatMuchSooner()
    {
        var policy = SawAGapOf500();

        // Bound 500 + 10,000 − 2,000 = 8,500; c(2) = 1,200: the latest start is 7,300 (9,300 without the margin).
        var decision = Decide(policy, 500, 2_000, At(500));

        Assert.Equal(7_300, decision.WakeAt);
    }

    [Fact]
    public void TheMeasuredOverhead_ComesOffTheTarget()
    {
        var policy = SawAGapOf500(Overhead(1_500));

        // Bound 500 + 10,000 − 1,500 = 9,000; the latest start 9,000 − 1,200.
        var decision = Decide(policy, 500, 0, At(500));

        Assert.Equal(7_800, decision.WakeAt);
    }

    [Fact]
    public void MarginAndOverhead_BothComeOff()
    {
        var policy = SawAGapOf500(Overhead(1_500));

        // Bound 500 + 10,000 − 2,000 − 1,500 = 7,000; the latest start 5,800.
        var decision = Decide(policy, 500, 2_000, At(500));

        Assert.Equal(5_800, decision.WakeAt);
        Assert.Equal(Micros(6_500), policy.Budget(Settings(2_000)));
    }

    [Fact]
    public void ALiveChangeOfTheOverhead_MovesTheNextDecision()
    {
        var overhead = Overhead(1_000);
        var policy = SawAGapOf500(overhead);
        Assert.Equal(8_300, Decide(policy, 500, 0, At(500)).WakeAt);

        // The 99th percentile of {1,000, 3,000} is 3,000: bound 7,500, latest start for three 6,200.
        overhead.Observe(Micros(3_000));
        var decision = Decide(policy, 1_000, 0, At(500), At(1_000));

        Assert.Equal(6_200, decision.WakeAt);
    }

    [Fact]
    public void TheMargin_CanMakeTheNextArrivalTooLate_AndThenTheRequestLeavesAtOnce()
    {
        var without = Policy();
        var with = Policy();
        Decide(without, 0, 0, At(0));
        Decide(with, 0, 0, At(0));

        // A gap of 6,000 is learnt: the next arrival is expected at 12,000. Without a margin the
        // latest start is 16,000 − 1,200 = 14,800 and it waits; with 4,000 it is 10,800, too soon.
        Assert.Equal(14_800, Decide(without, 6_000, 0, At(6_000)).WakeAt);
        var decision = Decide(with, 6_000, 4_000, At(6_000));

        Assert.Equal((1, BatchTrigger.Idle), (decision.Count, decision.Trigger));
    }

    [Fact]
    public void ABudgetUsedUp_LeavesNothingToWaitFor_EverythingLeavesAtOnce_AsOverload()
    {
        var policy = SawAGapOf500(Overhead(1_500));

        // 10,000 − 9,000 − 1,500 < 0: the budget is zero, the bound is the arrival itself.
        var decision = Decide(policy, 500, 9_000, At(500), At(500));

        Assert.Equal(TimeSpan.Zero, policy.Budget(Settings(9_000)));
        Assert.Equal((2, BatchTrigger.Overload), (decision.Count, decision.Trigger));
        Assert.Equal(Micros(1_200), decision.PredictedInference);
    }

    [Fact]
    public void AnEarlierDeadline_StillBoundsTheWait_TheMarginDoesNotApplyToIt()
    {
        var policy = SawAGapOf500();

        // min(4,000, 500 + 10,000 − 2,000): the deadline, less c(2).
        var decision = Decide(policy, 500, 2_000, At(500, deadline: 4_000));

        Assert.Equal(2_800, decision.WakeAt);
    }

    [Fact]
    public void WithoutAnOverheadModel_OnlyTheMarginComesOff()
    {
        Assert.Equal(Micros(7_000), Policy().Budget(Settings(3_000)));
    }
}
