using FsCheck;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Pipeline.Batching;

namespace RsPipeline.Pipeline.Tests.Batching;

public class WindowedBatcherTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMicroseconds(100);

    [Property(MaxTest = 200)]
    public void AnyArrivalSchedule_BatchesKeepOrderSizeAndWindow(byte[] gaps, byte[] producers, bool[] busy, PositiveInt maxSize, PositiveInt windowTicks, bool eager)
    {
        // Arrange
        var window = new BatchWindow(1 + (maxSize.Get % 8), Tick * (1 + (windowTicks.Get % 20)), eager ? BatchingPolicy.EagerWhenIdle : BatchingPolicy.FixedWindow);
        var time = new FakeTimeProvider();
        var batches = new List<Batch<(int Producer, int Sequence)>>();
        var idle = true;
        using var batcher = new WindowedBatcher<(int Producer, int Sequence)>(() => window, time, batches.Add, () => idle);
        var sent = new List<(int Producer, int Sequence)>();
        var nextSequence = new int[4];

        // Act: arrivals gaps[i] ticks apart, the clock moved one tick at a time so timers fire on time.
        for (var i = 0; i < gaps.Length; i++)
        {
            for (var t = 0; t < gaps[i] % 8; t++)
            {
                time.Advance(Tick);
            }

            idle = i >= busy.Length || !busy[i];
            var producer = i < producers.Length ? producers[i] % 4 : 0;
            var item = (producer, nextSequence[producer]++);
            sent.Add(item);
            batcher.Add(item);
        }

        idle = false;
        for (var t = 0; t <= window.MaxBatchDelay / Tick; t++)
        {
            time.Advance(Tick);
        }

        // Assert
        Assert.Equal(sent, batches.SelectMany(b => b.Items));
        foreach (var producer in Enumerable.Range(0, 4))
        {
            var seen = batches.SelectMany(b => b.Items).Where(x => x.Producer == producer).Select(x => x.Sequence);
            Assert.Equal(Enumerable.Range(0, nextSequence[producer]), seen);
        }

        foreach (var batch in batches)
        {
            Assert.InRange(batch.Items.Count, 1, window.MaxBatchSize);
            var waited = time.GetElapsedTime(batch.OpenedTimestamp, batch.DispatchedTimestamp);
            Assert.True(waited <= window.MaxBatchDelay, $"batch {batch.Id} waited {waited} > window {window.MaxBatchDelay}");
            Assert.Equal(batch.Trigger == BatchTrigger.Full, batch.Items.Count == window.MaxBatchSize && batch.Trigger != BatchTrigger.Idle && batch.Trigger != BatchTrigger.Window);
            if (batch.Trigger == BatchTrigger.Window)
            {
                Assert.Equal(window.MaxBatchDelay, waited);
            }

            Assert.False(!eager && batch.Trigger == BatchTrigger.Idle, "FixedWindow must never dispatch for idleness");
        }
    }

    [Fact]
    public void FixedWindow_PartialBatch_LeavesExactlyWhenTheWindowEnds()
    {
        var time = new FakeTimeProvider();
        var batches = new List<Batch<int>>();
        using var batcher = new WindowedBatcher<int>(() => new BatchWindow(8, TimeSpan.FromMilliseconds(5), BatchingPolicy.FixedWindow), time, batches.Add, () => true);

        batcher.Add(1);
        time.Advance(TimeSpan.FromMilliseconds(3));
        batcher.Add(2);
        time.Advance(TimeSpan.FromMilliseconds(2) - TimeSpan.FromTicks(1));
        var beforeWindow = batches.Count;
        time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(0, beforeWindow);
        var batch = Assert.Single(batches);
        Assert.Equal([1, 2], batch.Items);
        Assert.Equal(BatchTrigger.Window, batch.Trigger);
    }

    [Fact]
    public void FullBatch_LeavesAtOnce_AndTheNextWindowStartsFresh()
    {
        var time = new FakeTimeProvider();
        var batches = new List<Batch<int>>();
        using var batcher = new WindowedBatcher<int>(() => new BatchWindow(2, TimeSpan.FromMilliseconds(5), BatchingPolicy.FixedWindow), time, batches.Add, () => false);

        batcher.Add(1);
        batcher.Add(2);
        time.Advance(TimeSpan.FromMilliseconds(4));
        batcher.Add(3);
        time.Advance(TimeSpan.FromMilliseconds(1));

        // The first window's timer would have fired now; the open batch (item 3) is only 1 ms old.
        Assert.Single(batches);
        time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Equal(2, batches.Count);
        Assert.Equal([3], batches[1].Items);
        Assert.Equal(BatchTrigger.Window, batches[1].Trigger);
    }

    [Fact]
    public void EagerWhenIdle_IdleInference_DispatchesAtOnce()
    {
        var time = new FakeTimeProvider();
        var batches = new List<Batch<int>>();
        using var batcher = new WindowedBatcher<int>(() => new BatchWindow(8, TimeSpan.FromMilliseconds(5), BatchingPolicy.EagerWhenIdle), time, batches.Add, () => true);

        batcher.Add(1);

        var batch = Assert.Single(batches);
        Assert.Equal(BatchTrigger.Idle, batch.Trigger);
    }

    [Fact]
    public void EagerWhenIdle_BusyInference_FillsUntilIdleIsNotified()
    {
        var time = new FakeTimeProvider();
        var batches = new List<Batch<int>>();
        var idle = false;
        using var batcher = new WindowedBatcher<int>(() => new BatchWindow(8, TimeSpan.FromMilliseconds(5), BatchingPolicy.EagerWhenIdle), time, batches.Add, () => idle);

        batcher.Add(1);
        batcher.Add(2);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var whileBusy = batches.Count;
        idle = true;
        batcher.NotifyInferenceIdle();

        Assert.Equal(0, whileBusy);
        var batch = Assert.Single(batches);
        Assert.Equal([1, 2], batch.Items);
        Assert.Equal(BatchTrigger.Idle, batch.Trigger);
    }

    [Fact]
    public void ChangedSettings_ApplyFromTheNextBatch()
    {
        var time = new FakeTimeProvider();
        var batches = new List<Batch<int>>();
        var window = new BatchWindow(3, TimeSpan.FromMilliseconds(5), BatchingPolicy.FixedWindow);
        using var batcher = new WindowedBatcher<int>(() => window, time, batches.Add, () => false);

        batcher.Add(1);
        window = window with { MaxBatchSize = 1 };
        batcher.Add(2);
        batcher.Add(3);
        batcher.Add(4);

        Assert.Equal([1, 2, 3], batches[0].Items);
        Assert.Equal([4], batches[1].Items);
    }

    [Fact]
    public void Flush_DispatchesWhatIsWaiting_AndNothingWhenEmpty()
    {
        var time = new FakeTimeProvider();
        var batches = new List<Batch<int>>();
        using var batcher = new WindowedBatcher<int>(() => new BatchWindow(8, TimeSpan.FromSeconds(5), BatchingPolicy.FixedWindow), time, batches.Add, () => false);

        batcher.Flush();
        batcher.Add(1);
        batcher.Flush();

        var batch = Assert.Single(batches);
        Assert.Equal(BatchTrigger.Drain, batch.Trigger);
    }
}
