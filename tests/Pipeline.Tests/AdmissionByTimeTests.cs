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

    // One batch of 4 that takes 40 ms of (fake) scoring: 100 requests a second.
    private static async Task CalibrateAsync(PipelineFixture fixture, FakeTimeProvider time)
    {
        fixture.Scorer.Block();
        var batch = Submit(fixture, 4);
        await fixture.Scorer.Entered.DefaultTimeout();
        time.Advance(TimeSpan.FromMilliseconds(40));
        fixture.Scorer.Release();
        await Task.WhenAll(batch).DefaultTimeout();
    }

    [Fact]
    public async Task PredictedWaitBeyondTheBoundOrTheDeadline_IsRefusedAtOnce_AsOverloaded()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var telemetry = new RsPipelineTelemetry();
        using var refusals = new MetricCollector<long>(telemetry.Meter, Instruments.Refusals);
        using var fixture = new PipelineFixture(Batches(TimeSpan.FromMilliseconds(115)), time, telemetry: telemetry);
        await CalibrateAsync(fixture, time);
        fixture.Scorer.Block();
        var scoring = Submit(fixture, 4);
        await fixture.Scorer.Entered.DefaultTimeout();

        // Inside: 4 → 8 requests, a predicted wait of 40 … 70 ms each.
        var queued = Submit(fixture, 4);
        var tooLate = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], Deadline = time.GetUtcNow().UtcDateTime + TimeSpan.FromMilliseconds(50) });
        var inTime = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], Deadline = time.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(1) });

        // Inside: 9 → 12, a predicted wait of 90 … 110 ms; then 120 ms, past the bound.
        var last = Submit(fixture, 3);
        var beyond = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] });
        var deadlineError = await Assert.ThrowsAsync<RecallException>(() => tooLate.DefaultTimeout());
        var boundError = await Assert.ThrowsAsync<RecallException>(() => beyond.DefaultTimeout());
        fixture.Scorer.Release();
        await Task.WhenAll([.. scoring, .. queued, inTime, .. last]).DefaultTimeout();

        Assert.Equal(RecallErrorKind.Overloaded, deadlineError.Kind);
        Assert.Contains("deadline", deadlineError.Message, StringComparison.Ordinal);
        Assert.Equal(RecallErrorKind.Overloaded, boundError.Kind);
        Assert.Contains("Batching:MaxQueueTime", boundError.Message, StringComparison.Ordinal);
        Assert.Equal([RefusalReasons.QueueTime, RefusalReasons.QueueTime], refusals.GetMeasurementSnapshot().Select(m => (string)m.Tags[Attributes.RefusalReason]!));
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
    public void ServiceRate_IsRequestsPerSecondOfScoring_AndFollowsAChangeWithinItsHorizon()
    {
        var rate = new ServiceRate();

        var before = rate.PredictWait(10);
        rate.Record(64, TimeSpan.FromMilliseconds(40));
        var first = rate.PerSecond;
        var wait = rate.PredictWait(160);
        for (var i = 0; i < 100; i++)
        {
            rate.Record(64, TimeSpan.FromMilliseconds(80));
        }

        Assert.Null(before);
        Assert.Equal(1600, first, precision: 6);
        Assert.Equal(TimeSpan.FromMilliseconds(100), wait);
        Assert.InRange(rate.PerSecond, 800, 801);
    }
}
