using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Pipeline.Telemetry;
using RsPipeline.TestSupport;
using static RsPipeline.Pipeline.Telemetry.RsPipelineTelemetry;
using static RsPipeline.Pipeline.Tests.Telemetry.MetricsTestSupport;

namespace RsPipeline.Pipeline.Tests.Telemetry;

/// <summary>
/// Issue 13, defect 7: an expired call counts as deadline_exceeded even when its client's
/// cancellation arrives just before the server's copy of the deadline; rspipeline.batch.size counts
/// only the requests scored; a request cancelled for a cause it was given ends with that cause.
/// </summary>
public sealed class OutcomeAttributionTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(999, "deadline_exceeded")]
    [InlineData(950, "deadline_exceeded")]
    [InlineData(850, "cancelled")]
    [InlineData(100, "cancelled")]
    public async Task CancellationAtSomePointOfTheBudget_IsCountedByHowCloseToTheDeadlineItCame(int atMilliseconds, string expected)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var telemetry = new RsPipelineTelemetry();
        using var requests = new MetricCollector<long>(telemetry.Meter, Instruments.Requests);
        using var fixture = new PipelineFixture(FixedBatches(1), time, telemetry: telemetry);
        fixture.Scorer.Block();
        var blocker = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] });
        await fixture.Scorer.Entered.DefaultTimeout();
        using var client = new CancellationTokenSource();
        var call = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], Deadline = time.GetUtcNow().UtcDateTime + Budget, CancellationToken = client.Token });

        time.Advance(TimeSpan.FromMilliseconds(atMilliseconds));
        await client.CancelAsync();
        var error = await Assert.ThrowsAsync<RecallException>(() => call.DefaultTimeout());
        fixture.Scorer.Release();
        await blocker.DefaultTimeout();
        await requests.WaitForMeasurementsAsync(2, TestTimeouts.Default);

        Assert.Equal(expected, Outcomes.Of(error.Kind));
        Assert.Equal(1, Count(requests, Attributes.Outcome, expected));
    }

    [Fact]
    public async Task BatchSize_CountsOnlyTheRequestsScored_NotThoseDroppedBeforeScoring()
    {
        using var telemetry = new RsPipelineTelemetry();
        using var batchSize = new MetricCollector<int>(telemetry.Meter, Instruments.BatchSize);
        using var fixture = new PipelineFixture(FixedBatches(4), telemetry: telemetry);
        fixture.Scorer.Block();
        var first = Enumerable.Range(0, 4).Select(_ => fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] })).ToArray();
        await fixture.Scorer.Entered.DefaultTimeout();
        using var gaveUp = new CancellationTokenSource();
        var kept = Enumerable.Range(0, 2).Select(_ => fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] })).ToArray();
        var dropped = Enumerable.Range(0, 2).Select(_ => fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], CancellationToken = gaveUp.Token })).ToArray();

        await gaveUp.CancelAsync();
        await Assert.ThrowsAsync<RecallException>(() => Task.WhenAll(dropped).DefaultTimeout());
        fixture.Scorer.Release();
        await Task.WhenAll(first.Concat(kept)).DefaultTimeout();
        await batchSize.WaitForMeasurementsAsync(2, TestTimeouts.Default);

        Assert.Equal([4, 2], batchSize.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Equal([4, 2], fixture.Scorer.BatchSizes);
    }

    [Fact]
    public async Task ABatchWhoseRequestsAllGaveUp_RecordsNoBatchSize()
    {
        using var telemetry = new RsPipelineTelemetry();
        using var batchSize = new MetricCollector<int>(telemetry.Meter, Instruments.BatchSize);
        using var inference = new MetricCollector<double>(telemetry.Meter, Instruments.InferenceDuration);
        using var fixture = new PipelineFixture(FixedBatches(2), telemetry: telemetry);
        fixture.Scorer.Block();
        var first = Enumerable.Range(0, 2).Select(_ => fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] })).ToArray();
        await fixture.Scorer.Entered.DefaultTimeout();
        using var gaveUp = new CancellationTokenSource();
        var dropped = Enumerable.Range(0, 2).Select(_ => fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], CancellationToken = gaveUp.Token })).ToArray();

        await gaveUp.CancelAsync();
        await Assert.ThrowsAsync<RecallException>(() => Task.WhenAll(dropped).DefaultTimeout());
        fixture.Scorer.Release();
        await Task.WhenAll(first).DefaultTimeout();
        await inference.WaitForMeasurementsAsync(2, TestTimeouts.Default);

        Assert.Equal([2], batchSize.GetMeasurementSnapshot().Select(m => m.Value));
    }

    [Fact]
    public async Task ARequestCancelledForAGivenCause_EndsWithThatCause_AndIsCountedSo()
    {
        using var telemetry = new RsPipelineTelemetry();
        using var requests = new MetricCollector<long>(telemetry.Meter, Instruments.Requests);
        using var fixture = new PipelineFixture(FixedBatches(1), telemetry: telemetry);
        fixture.Scorer.Block();
        var blocker = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] });
        await fixture.Scorer.Entered.DefaultTimeout();
        using var page = new CancellationTokenSource();
        RecallException? cause = null;
        var sibling = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], CancellationToken = page.Token, CancellationCause = () => cause });

        cause = new RecallException(RecallErrorKind.InvalidArgument, "not answered: users[3]: wrong dimension");
        await page.CancelAsync();
        var error = await Assert.ThrowsAsync<RecallException>(() => sibling.DefaultTimeout());
        fixture.Scorer.Release();
        await blocker.DefaultTimeout();
        await requests.WaitForMeasurementsAsync(2, TestTimeouts.Default);

        Assert.Same(cause, error);
        Assert.Equal(1, Count(requests, Attributes.Outcome, "invalid_argument"));
        Assert.Equal(0, Count(requests, Attributes.Outcome, "cancelled"));
    }
}
