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

    // The first request leaves as Idle (no gap known yet); a test's next arrival at 200 µs then teaches a gap
    // of 200, which even c(8)/8 = 225 per request cannot keep up with: the wait runs to the latest start.
    private static LatencySloPolicy SawTheFirstArrival(RequestOverheadModel? overhead = null)
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
        var policy = SawTheFirstArrival();

        // Bound 200 + 10,000 − 2,000 = 8,200; c(2) = 1,200: the latest start is 7,000 (9,000 without the margin).
        var decision = Decide(policy, 200, 2_000, At(200));

        Assert.Equal(7_000, decision.WakeAt);
    }

    [Fact]
    public void TheMeasuredOverhead_ComesOffTheTarget()
    {
        var policy = SawTheFirstArrival(Overhead(1_500));

        // Bound 200 + 10,000 − 1,500 = 8,700; the latest start 8,700 − 1,200.
        var decision = Decide(policy, 200, 0, At(200));

        Assert.Equal(7_500, decision.WakeAt);
    }

    [Fact]
    public void MarginAndOverhead_BothComeOff()
    {
        var policy = SawTheFirstArrival(Overhead(1_500));

        // Bound 200 + 10,000 − 2,000 − 1,500 = 6,700; the latest start 5,500.
        var decision = Decide(policy, 200, 2_000, At(200));

        Assert.Equal(5_500, decision.WakeAt);
        Assert.Equal(Micros(6_500), policy.Budget(Settings(2_000)));
    }

    [Fact]
    public void ALiveChangeOfTheOverhead_MovesTheNextDecision()
    {
        var overhead = Overhead(1_000);
        var policy = SawTheFirstArrival(overhead);
        Assert.Equal(8_000, Decide(policy, 200, 0, At(200)).WakeAt);

        // The 99th percentile of {1,000, 3,000} is 3,000: bound 7,200, latest start for three 5,900.
        overhead.Observe(Micros(3_000));
        var decision = Decide(policy, 400, 0, At(200), At(400));

        Assert.Equal(5_900, decision.WakeAt);
    }

    [Fact]
    public void TheMargin_CanMakeTheNextArrivalTooLate_AndThenTheRequestLeavesAtOnce()
    {
        var without = Policy();
        var with = Policy();
        Decide(without, 0, 0, At(0));
        Decide(with, 0, 0, At(0));

        // A gap of 200 is learnt (no batch keeps up): the next arrival is expected at 400. Without a
        // margin the latest start is 10,200 − 1,200 = 9,000 and it waits; with 8,700 it is 300, too soon.
        Assert.Equal(9_000, Decide(without, 200, 0, At(200)).WakeAt);
        var decision = Decide(with, 200, 8_700, At(200));

        Assert.Equal((1, BatchTrigger.Idle), (decision.Count, decision.Trigger));
    }

    [Fact]
    public void ABudgetUsedUp_LeavesNothingToWaitFor_EverythingLeavesAtOnce_AsOverload()
    {
        var policy = SawTheFirstArrival(Overhead(1_500));

        // 10,000 − 9,000 − 1,500 < 0: the budget is zero, the bound is the arrival itself.
        var decision = Decide(policy, 500, 9_000, At(500), At(500));

        Assert.Equal(TimeSpan.Zero, policy.Budget(Settings(9_000)));
        Assert.Equal((2, BatchTrigger.Overload), (decision.Count, decision.Trigger));
        Assert.Equal(Micros(1_200), decision.PredictedInference);
    }

    [Fact]
    public void AnEarlierDeadline_StillBoundsTheWait_TheMarginDoesNotApplyToIt()
    {
        var policy = SawTheFirstArrival();

        // min(4,000, 200 + 10,000 − 2,000): the deadline, less c(2).
        var decision = Decide(policy, 200, 2_000, At(200, deadline: 4_000));

        Assert.Equal(2_800, decision.WakeAt);
    }

    [Fact]
    public void WithoutAnOverheadModel_OnlyTheMarginComesOff()
    {
        Assert.Equal(Micros(7_000), Policy().Budget(Settings(3_000)));
    }
}
