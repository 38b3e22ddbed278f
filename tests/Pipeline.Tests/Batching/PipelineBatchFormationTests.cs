using Microsoft.Extensions.Time.Testing;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Telemetry;
using RsPipeline.Pipeline.Tests.Support;
using RsPipeline.TestSupport;
using static RsPipeline.Pipeline.Telemetry.RsPipelineTelemetry;

namespace RsPipeline.Pipeline.Tests.Batching;

/// <summary>Through the whole pipeline on a fake clock: which requests the scorer sees together, and why they left.</summary>
public class PipelineBatchFormationTests
{
    private static readonly TimeSpan LongWindow = TimeSpan.FromSeconds(10);

    private static BatchingOptions Batching(int maxBatchSize, BatchingPolicy policy) =>
        new() { MaxBatchSize = maxBatchSize, MaxBatchDelay = LongWindow, Policy = policy, QueueCapacity = 64, ParseParallelism = 2, RespondParallelism = 2 };

    [Fact]
    public async Task EagerWhenIdle_WhatPiledUpWhileScoring_LeavesAsOneIdleBatch_WithoutWaitingForTheWindow()
    {
        using var telemetry = new RsPipelineTelemetry();
        using var spans = new ActivityCollector(telemetry.ActivitySource);
        using var fixture = new PipelineFixture(Batching(8, BatchingPolicy.EagerWhenIdle), new FakeTimeProvider(), telemetry: telemetry);
        fixture.Scorer.Block();
        var first = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] });
        await fixture.Scorer.Entered.DefaultTimeout();
        var piled = Enumerable.Range(0, 5).Select(_ => fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] })).ToArray();
        await fixture.Pipeline.WhenWaiting(5).DefaultTimeout();

        // The fake clock never moves: only the idle rule can let them leave.
        fixture.Scorer.Release();
        await Task.WhenAll(piled.Append(first)).DefaultTimeout();
        var batches = await spans.WaitForAsync(Spans.Batch, 2);

        Assert.Equal([1, 5], fixture.Scorer.BatchSizes);
        Assert.Equal(["idle", "idle"], batches.Select(b => b.GetTagItem(Attributes.BatchTrigger)));
    }

    [Fact]
    public async Task FixedWindow_WhatPiledUpWhileScoring_WaitsForItsOldestRequestsWindow()
    {
        var time = new FakeTimeProvider();
        using var fixture = new PipelineFixture(Batching(8, BatchingPolicy.FixedWindow), time);
        fixture.Scorer.Block();
        var first = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] });
        await fixture.Pipeline.WhenWaiting(1).DefaultTimeout();
        time.Advance(LongWindow);
        await fixture.Scorer.Entered.DefaultTimeout();
        var piled = Enumerable.Range(0, 3).Select(_ => fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] })).ToArray();
        await fixture.Pipeline.WhenWaiting(3).DefaultTimeout();
        fixture.Scorer.Release();
        await first.DefaultTimeout();

        var beforeTheWindow = piled.Any(t => t.IsCompleted);
        time.Advance(LongWindow);
        await Task.WhenAll(piled).DefaultTimeout();

        Assert.False(beforeTheWindow);
        Assert.Equal([1, 3], fixture.Scorer.BatchSizes);
    }

    [Fact]
    public async Task Drain_SendsExactlyWhatWaited_AsOneBatch_WithoutItsWindow()
    {
        using var telemetry = new RsPipelineTelemetry();
        using var spans = new ActivityCollector(telemetry.ActivitySource);
        using var fixture = new PipelineFixture(Batching(8, BatchingPolicy.FixedWindow), new FakeTimeProvider(), telemetry: telemetry);
        var waiting = Enumerable.Range(0, 3).Select(_ => fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] })).ToArray();
        await fixture.Pipeline.WhenWaiting(3).DefaultTimeout();

        await fixture.Pipeline.DrainAsync(CancellationToken.None).DefaultTimeout();

        Assert.All(await Task.WhenAll(waiting).DefaultTimeout(), r => Assert.Equal(100, r.ItemIds.Count));
        Assert.Equal([3], fixture.Scorer.BatchSizes);
        Assert.Equal("drain", (await spans.WaitForAsync(Spans.Batch)).Single().GetTagItem(Attributes.BatchTrigger));
        Assert.Equal(0, fixture.Pipeline.InFlight);
    }
}
