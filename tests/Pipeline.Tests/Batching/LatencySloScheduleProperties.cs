using FsCheck;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Pipeline.Batching;

namespace RsPipeline.Pipeline.Tests.Batching;

/// <summary>
/// LatencySlo on a fake clock, with the inference loop played step by step and a scorer whose cost
/// is exactly c(n) = 4 + n ticks (the model seeded with it, then learning it): whenever a feasible
/// schedule exists (arrivals no faster than the stage can serve them, each deadline at least twice
/// a full batch's cost after its arrival), no request is answered after its deadline, and none is lost.
/// </summary>
public class LatencySloScheduleProperties
{
    private const int MaxBatchSize = 8;
    private const int MinGapTicks = 3;
    private const int MinDeadlineTicks = 30;
    private static readonly TimeSpan Tick = TimeSpan.FromMicroseconds(100);

    private static int CostTicks(int size) => 4 + size;

    [Property(MaxTest = 300)]
    public void FeasibleArrivalsAndDeadlines_NoRequestIsAnsweredLate(byte[] gaps, byte[] deadlines, bool targetBinds)
    {
        var time = new FakeTimeProvider();
        var start = time.GetTimestamp();
        var settings = new BatchSettings(MaxBatchSize, TimeSpan.Zero, BatchingPolicy.LatencySlo) { LatencyTarget = Tick * (targetBinds ? MinDeadlineTicks : 1_000) };
        var policies = new BatchPolicies();
        policies.CostModel.Seed(time, [(1, Tick * CostTicks(1)), (MaxBatchSize, Tick * CostTicks(MaxBatchSize))]);
        using var queue = new BatchQueue<Item>(() => settings, policies.For, time, item => item.DeadlineTimestamp);
        long At(int tick) => start + (long)(tick * Tick.TotalSeconds * time.TimestampFrequency);

        var arrivals = new List<Item>();
        var arrivalTick = 0;
        for (var i = 0; i < gaps.Length; i++)
        {
            arrivalTick += MinGapTicks + (gaps[i] % 20);
            var deadlineTick = arrivalTick + MinDeadlineTicks + (i < deadlines.Length ? deadlines[i] % 50 : 0);
            arrivals.Add(new Item(i, arrivalTick, deadlineTick, At(deadlineTick)));
        }

        var answered = new List<(Item Item, int Tick)>();
        var next = 0;
        var busyUntil = 0;
        for (var tick = 0; next < arrivals.Count || queue.Count > 0; tick++)
        {
            Assert.True(tick < 100_000, "the schedule did not finish");
            for (; next < arrivals.Count && arrivals[next].ArrivalTick == tick; next++)
            {
                queue.Add(arrivals[next]);
            }

            if (tick >= busyUntil && queue.TryTake() is { } batch)
            {
                var cost = CostTicks(batch.Items.Count);
                busyUntil = tick + cost;
                policies.CostModel.Observe(time, batch.Items.Count, Tick * cost);
                answered.AddRange(batch.Items.Select(item => (item, busyUntil)));
            }

            time.Advance(Tick);
        }

        Assert.Equal(arrivals, answered.Select(a => a.Item));
        Assert.All(answered, a => Assert.True(a.Tick <= a.Item.DeadlineTick, $"request {a.Item.Id} arrived at {a.Item.ArrivalTick}, answered at {a.Tick}, deadline {a.Item.DeadlineTick}"));
        if (targetBinds)
        {
            Assert.All(answered, a => Assert.True(a.Tick <= a.Item.ArrivalTick + MinDeadlineTicks, $"request {a.Item.Id} arrived at {a.Item.ArrivalTick}, answered at {a.Tick}, past the target"));
        }
    }

    private sealed record Item(int Id, int ArrivalTick, int DeadlineTick, long DeadlineTimestamp);
}
