using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Pipeline.Telemetry;
using RsPipeline.TestSupport;
using static RsPipeline.Pipeline.Telemetry.RsPipelineTelemetry;
using static RsPipeline.Pipeline.Tests.Telemetry.MetricsTestSupport;

namespace RsPipeline.Pipeline.Tests.Telemetry;

public class RecallPipelineMetricsTests
{
    [Fact]
    public async Task BatchSizeOutcomesAndRefusals_AreRecorded_IncludingFailures()
    {
        using var telemetry = new RsPipelineTelemetry();
        using var batchSize = new MetricCollector<int>(telemetry.Meter, Instruments.BatchSize);
        using var requests = new MetricCollector<long>(telemetry.Meter, Instruments.Requests);
        using var refusals = new MetricCollector<long>(telemetry.Meter, Instruments.Refusals);
        using var duration = new MetricCollector<double>(telemetry.Meter, Instruments.RequestDuration);
        using var inference = new MetricCollector<double>(telemetry.Meter, Instruments.InferenceDuration);
        using var queueWait = new MetricCollector<double>(telemetry.Meter, Instruments.QueueWait);
        using var fixture = new PipelineFixture(FixedBatches(4), new FakeTimeProvider(), telemetry: telemetry);
        RecallRequest Request() => new() { Features = new float[8] };

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fixture.Pipeline.SubmitAsync(Request()))).DefaultTimeout();
        await batchSize.WaitForMeasurementsAsync(1, TestTimeouts.Default);
        fixture.Scorer.FailNext = new InvalidOperationException("boom");
        var failing = Enumerable.Range(0, 4).Select(_ => fixture.Pipeline.SubmitAsync(Request())).ToArray();
        await Assert.ThrowsAsync<RecallException>(() => Task.WhenAll(failing).DefaultTimeout());
        await Assert.ThrowsAsync<RecallException>(() => fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], TopK = 0 }));
        await Assert.ThrowsAsync<RecallException>(() => fixture.Pipeline.SubmitAsync(new RecallRequest { FeatureText = "1,2" }).DefaultTimeout());
        // A caller sees its answer before the pipeline records it (the outcome first, then the
        // histograms, on the pipeline's thread): wait for every instrument asserted on, not one.
        await requests.WaitForMeasurementsAsync(10, TestTimeouts.Default);
        await batchSize.WaitForMeasurementsAsync(2, TestTimeouts.Default);
        await duration.WaitForMeasurementsAsync(9, TestTimeouts.Default);
        await queueWait.WaitForMeasurementsAsync(8, TestTimeouts.Default);

        Assert.Equal([4, 4], batchSize.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Equal(4, Count(requests, Attributes.Outcome, "ok"));
        Assert.Equal(4, Count(requests, Attributes.Outcome, "internal"));
        Assert.Equal(2, Count(requests, Attributes.Outcome, "invalid_argument"));
        Assert.Equal(1, Count(refusals, Attributes.RefusalReason, RefusalReasons.InvalidRequest));
        Assert.Single(refusals.GetMeasurementSnapshot());
        Assert.Equal(9, duration.GetMeasurementSnapshot().Count);
        Assert.Equal(2, inference.GetMeasurementSnapshot().Count);
        Assert.Equal(8, queueWait.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public async Task QueueDepthGauge_ObservesTheRequestsInside()
    {
        using var telemetry = new RsPipelineTelemetry();
        using var depth = new MetricCollector<int>(telemetry.Meter, Instruments.QueueDepth);
        using var fixture = new PipelineFixture(FixedBatches(1), telemetry: telemetry);
        fixture.Scorer.Block();

        var first = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] });
        await fixture.Scorer.Entered.DefaultTimeout();
        var second = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] });
        depth.RecordObservableInstruments();
        fixture.Scorer.Release();
        await Task.WhenAll(first, second).DefaultTimeout();

        Assert.Equal(2, depth.LastMeasurement?.Value);
    }

    [Fact]
    public async Task FullQueueAndStarting_AreRefusalsByReason()
    {
        using var telemetry = new RsPipelineTelemetry();
        using var refusals = new MetricCollector<long>(telemetry.Meter, Instruments.Refusals);
        using var requests = new MetricCollector<long>(telemetry.Meter, Instruments.Requests);
        var tiny = FixedBatches(1);
        tiny.QueueCapacity = 1;
        using var fixture = new PipelineFixture(tiny, telemetry: telemetry);
        using var starting = new PipelineFixture(FixedBatches(1), telemetry: telemetry, activate: false);
        fixture.Scorer.Block();

        var admitted = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] });
        await Assert.ThrowsAsync<RecallException>(() => fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] }));
        await Assert.ThrowsAsync<RecallException>(() => starting.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] }));
        fixture.Scorer.Release();
        await admitted.DefaultTimeout();

        Assert.Equal(1, Count(refusals, Attributes.RefusalReason, RefusalReasons.QueueFull));
        Assert.Equal(1, Count(refusals, Attributes.RefusalReason, RefusalReasons.Starting));
        Assert.Equal(1, Count(requests, Attributes.Outcome, "overloaded"));
        Assert.Equal(1, Count(requests, Attributes.Outcome, "unavailable"));
    }
}
