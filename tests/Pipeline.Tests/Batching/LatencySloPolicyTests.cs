using RsPipeline.Pipeline.Batching;

namespace RsPipeline.Pipeline.Tests.Batching;

/// <summary>
/// LatencySlo's decisions for hand-built states, against hand-computed answers. Timestamps are in
/// microseconds; the model is seeded with an exact cost of c(n) = 1,000 + 100·n µs and the headroom
/// is 1 unless a test says otherwise, so every number below can be checked on paper.
/// </summary>
public class LatencySloPolicyTests
{
    private const long Frequency = 1_000_000;
    private const int MaxBatchSize = 8;
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(10);
    private static readonly object Scorer = new();

    private static long Cost(int size) => 1_000 + (100 * size);

    private static LatencySloPolicy Policy(double headroom = 1.0)
    {
        var model = new InferenceCostModel();
        model.Seed(Scorer, [(1, Micros(Cost(1))), (4, Micros(Cost(4))), (8, Micros(Cost(8)))]);
        return new LatencySloPolicy(model, headroom);
    }

    private static TimeSpan Micros(long micros) => TimeSpan.FromTicks(micros * 10);

    private static BatchDecision Decide(LatencySloPolicy policy, long now, params WaitingRequest[] waiting) =>
        Decide(policy, now, TimeSpan.FromMilliseconds(2), completing: false, waiting);

    private static BatchDecision Decide(LatencySloPolicy policy, long now, TimeSpan maxBatchDelay, bool completing, params WaitingRequest[] waiting)
    {
        var settings = new BatchSettings(MaxBatchSize, maxBatchDelay, BatchingPolicy.LatencySlo) { LatencyTarget = Target };
        return policy.Decide(new BatchQueueState(waiting, now, Frequency, settings, completing));
    }

    private static WaitingRequest At(long arrival, long deadline = long.MaxValue) => new(arrival, deadline);

    // Two decisions that teach the policy a gap of 500 µs between arrivals (the first leaves as Idle: no gap known yet).
    private static LatencySloPolicy PolicyThatSawAGapOf500(double headroom = 1.0)
    {
        var policy = Policy(headroom);
        Assert.Equal(BatchTrigger.Idle, Decide(policy, 0, At(0)).Trigger);
        return policy;
    }

    [Fact]
    public void TheFirstRequest_NoArrivalRateKnown_LeavesAtOnce_AsIdle_WithItsPrediction()
    {
        var decision = Decide(Policy(), 0, At(0));

        Assert.Equal((1, BatchTrigger.Idle), (decision.Count, decision.Trigger));
        Assert.Equal(Micros(Cost(1)), decision.PredictedInference);
    }

    [Fact]
    public void ABatchTooSmallToKeepUp_WaitsUntilTheSmallestBatchThatKeepsUpIsExpected()
    {
        var policy = PolicyThatSawAGapOf500();

        // Per request c(1) = 1,100 and c(2)/2 = 600 exceed the gap of 500; c(3)/3 ≈ 433 does not. The
        // third request is expected two gaps after the newest: 1,500, before the latest start 9,300.
        var decision = Decide(policy, 500, At(500));

        Assert.False(decision.Dispatches);
        Assert.Equal(1_500, decision.WakeAt);
    }

    [Fact]
    public void EachArrival_BringsTheKeepUpSizeOneGapCloser_AndWhenItIsWaitingItLeaves_AsIdle()
    {
        var policy = PolicyThatSawAGapOf500();
        Decide(policy, 500, At(500));

        // Two waiting: the third is expected one gap after the newest, at 1,500.
        Assert.Equal(1_500, Decide(policy, 1_000, At(500), At(1_000)).WakeAt);
        var decision = Decide(policy, 1_500, At(500), At(1_000), At(1_500));

        Assert.Equal((3, BatchTrigger.Idle), (decision.Count, decision.Trigger));
    }

    [Fact]
    public void LightLoad_ABatchThatKeepsUp_LeavesAtOnce_AsIdle()
    {
        var policy = Policy();
        Decide(policy, 0, At(0));

        // A gap of 2,000 is learnt: c(1) = 1,100 per request keeps up, so it leaves at once, although
        // the next arrival (4,000) is expected well before the latest start 12,000 − 1,200.
        var decision = Decide(policy, 2_000, At(2_000));

        Assert.Equal((1, BatchTrigger.Idle), (decision.Count, decision.Trigger));
    }

    [Fact]
    public void NoBatchUpToMaxBatchSizeKeepsUp_TheWaitRunsToTheLatestStartThatStillFitsOneMore()
    {
        var policy = Policy();
        Decide(policy, 0, At(0));

        // A gap of 200 is learnt: even c(8)/8 = 225 exceeds it. Bound 10,200; c(2) = 1,200: 9,000.
        var decision = Decide(policy, 200, At(200));

        Assert.Equal(9_000, decision.WakeAt);
    }

    [Fact]
    public void EachArrival_MovesTheLatestStartByOneRequestsCost()
    {
        var policy = Policy();
        Decide(policy, 0, At(0));
        Decide(policy, 200, At(200));

        // Bound still 10,200 (the oldest); c(3) = 1,300: 8,900.
        var decision = Decide(policy, 400, At(200), At(400));

        Assert.Equal(8_900, decision.WakeAt);
    }

    [Fact]
    public void TheKeepUpSizeDueAlready_ButNotArrived_LeavesAtOnce_AsIdle()
    {
        var policy = PolicyThatSawAGapOf500();

        // The third request was expected at 1,500; at 1,600 only one waits: waiting longer is not worth it.
        var decision = Decide(policy, 1_600, At(500));

        Assert.Equal((1, BatchTrigger.Idle), (decision.Count, decision.Trigger));
    }

    [Fact]
    public void AtTheLatestStart_EverythingWaitingLeaves_AsLatency()
    {
        var policy = PolicyThatSawAGapOf500();
        Decide(policy, 500, At(500));

        var decision = Decide(policy, 9_300, At(500));

        Assert.Equal((1, BatchTrigger.Latency), (decision.Count, decision.Trigger));
    }

    [Fact]
    public void TheLatestStart_CapsTheWait_WhenItComesBeforeTheKeepUpSize()
    {
        var policy = PolicyThatSawAGapOf500();

        // Deadline 2,500 < 500 + 10,000: the latest start is 2,500 − c(2) = 1,300, before 1,500 (when
        // the third request, the smallest batch that keeps up, is expected): the wait ends at 1,300.
        var decision = Decide(policy, 500, At(500, deadline: 2_500));

        Assert.Equal(1_300, decision.WakeAt);
    }

    [Fact]
    public void AnEarlierDeadline_BoundsTheWait_InsteadOfTheTarget()
    {
        var policy = Policy();
        Decide(policy, 0, At(0));

        // Gap 200 (nothing keeps up); deadline 4,000 < 200 + 10,000: the latest start is 4,000 − c(2) = 2,800.
        var decision = Decide(policy, 200, At(200, deadline: 4_000));

        Assert.Equal(2_800, decision.WakeAt);
    }

    [Fact]
    public void TheNextArrivalExpectedTooLate_LeavesAtOnce_AsIdle()
    {
        var policy = Policy();
        Decide(policy, 0, At(0));

        // A gap of 20,000 is learnt: the next arrival is expected at 40,000, past the latest start 30,000 − 1,200.
        var decision = Decide(policy, 20_000, At(20_000));

        Assert.Equal((1, BatchTrigger.Idle), (decision.Count, decision.Trigger));
    }

    [Fact]
    public void WhenOnlySomeFit_TheLargestPrefixThatKeepsEveryoneInBoundsLeaves_AsLatency()
    {
        // The oldest must end by 1,200: c(4) = 1,400 and c(3) = 1,300 are too long, c(2) = 1,200 fits;
        // the other two then end at 1,200 + c(2) = 2,400, within their bound of 10,000.
        var decision = Decide(Policy(), 0, At(0, deadline: 1_200), At(0), At(0), At(0));

        Assert.Equal((2, BatchTrigger.Latency), (decision.Count, decision.Trigger));
        Assert.Equal(Micros(Cost(2)), decision.PredictedInference);
    }

    [Fact]
    public void ARequestThatCannotMeetItsDeadlineEvenAlone_DoesNotShrinkTheBatch()
    {
        // Its deadline 500 is before now + c(1) = 1,100: the inference stage will shed it, and the rest
        // decide: their bound 10,000 − c(4) = 8,600 (three arrivals at once: more are expected at once).
        // Counted in, nothing would fit, and everything would leave now as Overload.
        var decision = Decide(Policy(), 0, At(0, deadline: 500), At(0), At(0));

        Assert.False(decision.Dispatches);
        Assert.Equal(8_600, decision.WakeAt);
    }

    [Fact]
    public void RequestsThatCannotMeetTheirDeadlinesEvenAlone_AreNotHeldForMoreArrivals()
    {
        var policy = PolicyThatSawAGapOf500();

        // Both deadlines (1,000 and 1,500) fall before 500 + c(1) = 1,600: they leave at once, to be shed.
        var decision = Decide(policy, 500, At(500, deadline: 1_000), At(500, deadline: 1_500));

        Assert.Equal((2, BatchTrigger.Latency), (decision.Count, decision.Trigger));
    }

    [Fact]
    public void WhenNothingFits_EverythingWaitingLeaves_AsOverload()
    {
        // Bounds 10,000: from 9,500, c(1) = 1,100 already ends at 10,600.
        var decision = Decide(Policy(), 9_500, At(0), At(0), At(100));

        Assert.Equal((3, BatchTrigger.Overload), (decision.Count, decision.Trigger));
        Assert.Equal(Micros(Cost(3)), decision.PredictedInference);
    }

    [Fact]
    public void MaxBatchSizeWaiting_AFullBatchLeaves_EvenUnderOverload()
    {
        var waiting = Enumerable.Range(0, 11).Select(_ => At(0)).ToArray();

        var decision = Decide(Policy(), 50_000, waiting);

        Assert.Equal((MaxBatchSize, BatchTrigger.Full), (decision.Count, decision.Trigger));
        Assert.Equal(Micros(Cost(MaxBatchSize)), decision.PredictedInference);
    }

    [Fact]
    public void Draining_EverythingLeavesAtOnce()
    {
        var policy = PolicyThatSawAGapOf500();

        var decision = Decide(policy, 500, TimeSpan.FromMilliseconds(2), completing: true, At(500), At(500));

        Assert.Equal((2, BatchTrigger.Drain), (decision.Count, decision.Trigger));
    }

    [Fact]
    public void MaxBatchDelay_PlaysNoPart_NotEvenZero()
    {
        var policy = PolicyThatSawAGapOf500();

        var decision = Decide(policy, 500, TimeSpan.Zero, completing: false, At(500));

        Assert.Equal(1_500, decision.WakeAt);
    }

    [Fact]
    public void TheDefaultHeadroom_StretchesEachPrediction()
    {
        var policy = PolicyThatSawAGapOf500(LatencySloPolicy.DefaultHeadroom);

        // Per request 1.2 × c(3)/3 = 520 exceeds the gap of 500, 1.2 × c(4)/4 = 420 does not: four are
        // expected three gaps after the newest, at 2,000 (the latest start, 10,500 − 1.2 × c(2), is later).
        var decision = Decide(policy, 500, At(500));

        Assert.Equal(2_000, decision.WakeAt);
    }

    [Fact]
    public void AnEmptyModel_PredictsNothing_SoEveryBatchKeepsUp_AndLeavesAtOnce()
    {
        var policy = new LatencySloPolicy(new InferenceCostModel(), 1.0);
        Decide(policy, 0, At(0));

        var decision = Decide(policy, 500, At(500));

        Assert.Equal((1, BatchTrigger.Idle), (decision.Count, decision.Trigger));
    }
}
