using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Telemetry;
using RsPipeline.TestSupport;
using static RsPipeline.Pipeline.Telemetry.RsPipelineTelemetry;

namespace RsPipeline.Pipeline.Tests;

/// <summary>
/// Issue 13, admission by time: with Batching:MaxQueueTime set, a request is refused at once when
/// what is inside would take longer than that to score at the measured rate, or longer than the
/// request's own deadline allows.
/// </summary>
public sealed class AdmissionByTimeTests
{
    private static BatchingOptions Batches(TimeSpan maxQueueTime) =>
        new() { MaxBatchSize = 4, MaxBatchDelay = TimeSpan.FromSeconds(1), Policy = BatchingPolicy.FixedWindow, QueueCapacity = 64, ParseParallelism = 2, RespondParallelism = 2, MaxQueueTime = maxQueueTime };

    private static Task<RecallResult>[] Submit(PipelineFixture fixture, int count) =>
        Enumerable.Range(0, count).Select(_ => fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] })).ToArray();

    // One batch of 4 that takes 40 ms of (fake) scoring.
    private static async Task CalibrateAsync(PipelineFixture fixture, FakeTimeProvider time)
    {
        fixture.Scorer.Block();
        var batch = Submit(fixture, 4);
        await fixture.Scorer.Entered.DefaultTimeout();
        time.Advance(TimeSpan.FromMilliseconds(40));
        fixture.Scorer.Release();
        await Task.WhenAll(batch).DefaultTimeout();
    }

    // A request admitted with n inside waits for ceil((n + 1) / 4) batches of 40 ms.
    [Fact]
    public async Task PredictedWaitBeyondTheBoundOrTheDeadline_IsRefusedAtOnce_AsOverloaded()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var telemetry = new RsPipelineTelemetry();
        using var refusals = new MetricCollector<long>(telemetry.Meter, Instruments.Refusals);
        using var fixture = new PipelineFixture(Batches(TimeSpan.FromMilliseconds(120)), time, telemetry: telemetry);
        await CalibrateAsync(fixture, time);
        fixture.Scorer.Block();
        var scoring = Submit(fixture, 4);
        await fixture.Scorer.Entered.DefaultTimeout();

        // 4 inside: 80 ms, past a 50 ms deadline though within the bound.
        var tooLate = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], Deadline = time.GetUtcNow().UtcDateTime + TimeSpan.FromMilliseconds(50) });

        // 4 … 7 inside: 80 ms; 8 … 11: 120 ms, the bound itself; then 12: 160 ms.
        var second = Submit(fixture, 4);
        var inTime = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], Deadline = time.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(1) });
        var third = Submit(fixture, 3);
        var beyond = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] });
        var deadlineError = await Assert.ThrowsAsync<RecallException>(() => tooLate.DefaultTimeout());
        var boundError = await Assert.ThrowsAsync<RecallException>(() => beyond.DefaultTimeout());
        fixture.Scorer.Release();
        await Task.WhenAll([.. scoring, .. second, inTime, .. third]).DefaultTimeout();

        Assert.Equal(RecallErrorKind.Overloaded, deadlineError.Kind);
        Assert.Contains("deadline", deadlineError.Message, StringComparison.Ordinal);
        Assert.Equal(RecallErrorKind.Overloaded, boundError.Kind);
        Assert.Contains("Batching:MaxQueueTime", boundError.Message, StringComparison.Ordinal);
        Assert.Equal([RefusalReasons.QueueTime, RefusalReasons.QueueTime], refusals.GetMeasurementSnapshot().Select(m => (string)m.Tags[Attributes.RefusalReason]!));
    }

    // Otherwise a cold first batch slower than the bound would refuse everything, for good: nothing
    // admitted, nothing scored, the pace never measured again.
    [Fact]
    public async Task ARequestForTheNextBatch_IsAdmitted_EvenWhenOneBatchTakesLongerThanTheBound()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var fixture = new PipelineFixture(Batches(TimeSpan.FromMilliseconds(10)), time);
        await CalibrateAsync(fixture, time);
        fixture.Scorer.Block();

        var next = Submit(fixture, 4);
        await fixture.Scorer.Entered.DefaultTimeout();
        var beyond = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] });
        fixture.Scorer.Release();

        await Task.WhenAll(next).DefaultTimeout();
        Assert.Equal(RecallErrorKind.Overloaded, (await Assert.ThrowsAsync<RecallException>(() => beyond.DefaultTimeout())).Kind);
    }

    [Fact]
    public async Task Off_AdmitsUpToTheCapacity_WhateverTheWait()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var fixture = new PipelineFixture(Batches(TimeSpan.Zero), time);
        await CalibrateAsync(fixture, time);
        fixture.Scorer.Block();
        var scoring = Submit(fixture, 4);
        await fixture.Scorer.Entered.DefaultTimeout();

        var queued = Submit(fixture, 8);
        var nearDeadline = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], Deadline = time.GetUtcNow().UtcDateTime + TimeSpan.FromMilliseconds(50) });
        var filler = Submit(fixture, 3);
        fixture.Scorer.Release();

        await Task.WhenAll([.. scoring, .. queued, nearDeadline, .. filler]).DefaultTimeout();
    }

    [Fact]
    public void ScoringPace_PredictsBatchesAheadTimesTheMeanBatch_AndFollowsAChangeWithinItsHorizon()
    {
        var pace = new ScoringPace();

        var before = pace.PredictWait(10, 64);
        pace.Record(TimeSpan.FromMilliseconds(40));
        var alone = pace.PredictWait(0, 64);
        var behindAFullBatch = pace.PredictWait(64, 64);
        var behindOneLess = pace.PredictWait(63, 64);
        for (var i = 0; i < 100; i++)
        {
            pace.Record(TimeSpan.FromMilliseconds(80));
        }

        Assert.Null(before);
        Assert.Equal(TimeSpan.FromMilliseconds(40), alone);
        Assert.Equal(TimeSpan.FromMilliseconds(80), behindAFullBatch);
        Assert.Equal(TimeSpan.FromMilliseconds(40), behindOneLess);
        Assert.InRange(pace.PerBatch.TotalMilliseconds, 79.9, 80.0);
    }
}
