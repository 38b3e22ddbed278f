using FsCheck;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Pipeline.Batching;

namespace RsPipeline.Pipeline.Tests.Batching;

/// <summary>
/// The batch queue under any arrival schedule, any scoring times and any policy, with the
/// inference loop played step by step on a fake clock: which requests form which batch, with which
/// trigger, at which time — checked against the rules each policy states, not only the answers.
/// </summary>
public class BatchQueueScheduleProperties
{
    private static readonly TimeSpan Tick = TimeSpan.FromMicroseconds(100);

    private static readonly BatchingPolicy[] Policies = Enum.GetValues<BatchingPolicy>();

    [Property(MaxTest = 400)]
    public void AnyArrivalsAndScoringTimes_BatchesFollowThePolicy(byte[] gaps, byte[] producers, byte[] scoringTicks, PositiveInt maxSize, byte windowTicks, byte policy, bool drainAtEnd)
    {
        // LatencySlo reads its target (here 1 to 40 ticks) and ignores the window.
        var settings = new BatchSettings(1 + (maxSize.Get % 8), Tick * (windowTicks % 21), Policies[policy % Policies.Length]) { LatencyTarget = Tick * (1 + (windowTicks % 40)) };
        var run = Simulation.Run(settings, gaps, producers, scoringTicks, drainAtEnd);

        AssertNothingLostDuplicatedOrReordered(run);
        foreach (var taken in run.Batches)
        {
            AssertBatchFollowsThePolicy(run, settings, taken);
        }
    }

    private static void AssertNothingLostDuplicatedOrReordered(Simulation run)
    {
        Assert.Equal(run.Arrivals, run.Batches.SelectMany(b => b.Batch.Items));
        Assert.Equal(0, run.WaitingAtEnd);
    }

    private static void AssertBatchFollowsThePolicy(Simulation run, BatchSettings settings, Simulation.Taken taken)
    {
        var (batch, tick, idleSince, waitingAfter) = (taken.Batch, taken.Tick, taken.IdleSince, taken.WaitingAfter);
        var window = (int)(settings.MaxBatchDelay / Tick);
        var oldest = batch.Items[0].ArrivalTick;
        Assert.InRange(batch.Items.Count, 1, settings.MaxBatchSize);
        Assert.Equal(batch.Items[0].ArrivalTimestamp, batch.OldestArrivalTimestamp);
        Assert.Equal(run.TimestampAt(tick), batch.DispatchedTimestamp);

        // Full exactly when MaxBatchSize left; anything smaller took everything that waited, except
        // LatencySlo's Latency batch, which may leave the newest behind to keep the oldest in bounds.
        Assert.Equal(batch.Items.Count == settings.MaxBatchSize, batch.Trigger == BatchTrigger.Full);
        if (batch.Trigger is not (BatchTrigger.Full or BatchTrigger.Latency))
        {
            Assert.Equal(0, waitingAfter);
        }

        switch (batch.Trigger)
        {
            case BatchTrigger.Drain:
                Assert.True(run.CompletedTick is { } completed && tick == Math.Max(idleSince, completed), $"batch {batch.Id}: drained at {tick}, idle since {idleSince}");
                break;
            case BatchTrigger.Window:
                Assert.True(!eager(settings) || window == 0, $"batch {batch.Id}: EagerWhenIdle reports Window only for a zero window");
                Assert.Equal(Math.Max(oldest + window, idleSince), tick);
                break;
            case BatchTrigger.Idle when !slo(settings):
                Assert.True(eager(settings) && window > 0, $"batch {batch.Id}: only EagerWhenIdle and LatencySlo take a batch for idleness");
                Assert.Equal(Math.Max(oldest, idleSince), tick);
                break;
            case BatchTrigger.Idle or BatchTrigger.Latency or BatchTrigger.Overload:
                Assert.True(slo(settings), $"batch {batch.Id}: only LatencySlo reports {batch.Trigger}");
                Assert.NotNull(batch.PredictedInference);
                break;
        }

        Assert.True(slo(settings) || batch.Trigger is not (BatchTrigger.Latency or BatchTrigger.Overload), $"batch {batch.Id}: {batch.Trigger} under {settings.Policy}");
        static bool eager(BatchSettings s) => s.Policy == BatchingPolicy.EagerWhenIdle;
        static bool slo(BatchSettings s) => s.Policy == BatchingPolicy.LatencySlo;
    }

    /// <summary>Arrivals on a fake clock, one tick at a time; the inference loop takes a batch whenever it is idle and scores it for some ticks.</summary>
    private sealed class Simulation
    {
        private const int MaxTicks = 100_000;
        private readonly FakeTimeProvider _time = new();
        private readonly long _start;

        private Simulation() => _start = _time.GetTimestamp();

        public List<Item> Arrivals { get; } = [];

        public List<Taken> Batches { get; } = [];

        public int? CompletedTick { get; private set; }

        public int WaitingAtEnd { get; private set; }

        public static Simulation Run(BatchSettings settings, byte[] gaps, byte[] producers, byte[] scoringTicks, bool drainAtEnd)
        {
            var run = new Simulation();

            // LatencySlo's model starts from a seed of one tick for one request and three for eight,
            // then learns the simulated scoring times, whatever they are.
            var policies = new BatchPolicies();
            policies.CostModel.Seed(run, [(1, Tick), (8, Tick * 3)]);
            using var queue = new BatchQueue<Item>(() => settings, policies.For, run._time, _ => long.MaxValue);
            var arrivalTicks = ArrivalTicks(gaps);
            var lastArrival = arrivalTicks.Count == 0 ? 0 : arrivalTicks[^1];
            var sequences = new int[4];
            var next = 0;
            var busyUntil = 0;
            for (var tick = 0; tick < MaxTicks; tick++)
            {
                for (; next < arrivalTicks.Count && arrivalTicks[next] == tick; next++)
                {
                    var producer = next < producers.Length ? producers[next] % 4 : 0;
                    var item = new Item(producer, sequences[producer]++, tick, run._time.GetTimestamp());
                    run.Arrivals.Add(item);
                    Assert.True(queue.Add(item));
                }

                if (drainAtEnd && tick == lastArrival + 1)
                {
                    queue.Complete();
                    run.CompletedTick = tick;
                }

                if (tick >= busyUntil && queue.TryTake() is { } batch)
                {
                    run.Batches.Add(new Taken(batch, tick, busyUntil, queue.Count));
                    busyUntil = tick + 1 + (scoringTicks.Length == 0 ? 0 : scoringTicks[run.Batches.Count % scoringTicks.Length] % 6);
                    policies.CostModel.Observe(run, batch.Items.Count, Tick * (busyUntil - tick));
                }

                if (next == arrivalTicks.Count && queue.Count == 0 && tick > lastArrival + 1)
                {
                    break;
                }

                run._time.Advance(Tick);
            }

            run.WaitingAtEnd = queue.Count;
            return run;
        }

        public long TimestampAt(int tick) => _start + (long)(tick * Tick.TotalSeconds * _time.TimestampFrequency);

        private static List<int> ArrivalTicks(byte[] gaps)
        {
            var ticks = new List<int>(gaps.Length);
            var tick = 0;
            foreach (var gap in gaps)
            {
                tick += gap % 8;
                ticks.Add(tick);
            }

            return ticks;
        }

        public sealed record Item(int Producer, int Sequence, int ArrivalTick, long ArrivalTimestamp);

        /// <summary>A batch as taken: at which tick, since when the loop had been idle, and how many still waited after it.</summary>
        public sealed record Taken(Batch<Item> Batch, int Tick, int IdleSince, int WaitingAfter);
    }
}
