using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Telemetry;
using RsPipeline.Pipeline.Tests.Support;
using RsPipeline.TestSupport;
using static RsPipeline.Pipeline.Telemetry.RsPipelineTelemetry;

namespace RsPipeline.Pipeline.Tests.Telemetry;

public class RecallPipelineTracingTests
{
    private static BatchingOptions Batching(int maxBatchSize, BatchingPolicy policy, TimeSpan delay) =>
        new() { MaxBatchSize = maxBatchSize, MaxBatchDelay = delay, Policy = policy, QueueCapacity = 64, ParseParallelism = 2, RespondParallelism = 2 };

    private static ActivityContext CallerContext() =>
        new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

    [Fact]
    public async Task OneRequest_SpanUnderTheCaller_WithStageSpansInOrder_AndLinkedBatchSpan()
    {
        using var telemetry = new RsPipelineTelemetry();
        using var spans = new ActivityCollector(telemetry.ActivitySource);
        using var fixture = new PipelineFixture(Batching(4, BatchingPolicy.EagerWhenIdle, TimeSpan.FromMilliseconds(1)), telemetry: telemetry);
        var caller = CallerContext();

        var result = await fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], TopK = 5, ParentContext = caller }).DefaultTimeout();
        var request = (await spans.WaitForAsync(Spans.Request)).Single();
        var batch = (await spans.WaitForAsync(Spans.Batch)).Single();

        Assert.Equal(caller.TraceId, request.TraceId);
        Assert.Equal(caller.SpanId, request.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Unset, request.Status);
        Assert.Equal(5, request.GetTagItem(Attributes.TopK));
        Assert.Equal(batch.GetTagItem(Attributes.BatchId), request.GetTagItem(Attributes.BatchId));
        Assert.Equal(1, request.GetTagItem(Attributes.BatchSize));
        Assert.Equal(result.CatalogVersion, request.GetTagItem(Attributes.CatalogVersion));
        var stages = spans.Stopped.Where(a => a.ParentSpanId == request.SpanId).OrderBy(a => a.StartTimeUtc).ToArray();
        Assert.Equal([Spans.Parse, Spans.QueueWait, Spans.Inference, Spans.Respond], stages.Select(a => a.OperationName));
        Assert.All(stages, stage => Assert.Equal(request.TraceId, stage.TraceId));
        Assert.Equal(request.StartTimeUtc, stages[0].StartTimeUtc);
        Assert.Equal(request.StartTimeUtc + request.Duration, stages[^1].StartTimeUtc + stages[^1].Duration);
        Assert.All(stages.Zip(stages.Skip(1)), pair => Assert.Equal(pair.First.StartTimeUtc + pair.First.Duration, pair.Second.StartTimeUtc));
        Assert.Equal(default, batch.ParentSpanId);
        Assert.Equal(request.Context, Assert.Single(batch.Links).Context);
        Assert.Equal(1, batch.GetTagItem(Attributes.BatchSize));
        Assert.Equal("idle", batch.GetTagItem(Attributes.BatchTrigger));
        Assert.IsType<double>(batch.GetTagItem(Attributes.BatchQueueWait));
    }

    [Fact]
    public async Task Submit_LeavesActivityCurrentAsItWas()
    {
        using var telemetry = new RsPipelineTelemetry();
        using var spans = new ActivityCollector(telemetry.ActivitySource);
        using var fixture = new PipelineFixture(Batching(4, BatchingPolicy.EagerWhenIdle, TimeSpan.FromMilliseconds(1)), telemetry: telemetry);
        using var callerSpan = new Activity("caller").Start();

        var call = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], ParentContext = callerSpan.Context });

        Assert.Same(callerSpan, Activity.Current);
        await call.DefaultTimeout();
        Assert.Same(callerSpan, Activity.Current);
        var request = (await spans.WaitForAsync(Spans.Request)).Single();
        Assert.Equal(callerSpan.SpanId, request.ParentSpanId);
    }

    [Fact]
    public async Task ConcurrentRequestsInOneBatch_OneBatchSpan_LinkedToEveryRequestSpan()
    {
        const int n = 8;
        using var telemetry = new RsPipelineTelemetry();
        using var spans = new ActivityCollector(telemetry.ActivitySource);
        using var fixture = new PipelineFixture(Batching(n, BatchingPolicy.FixedWindow, TimeSpan.FromSeconds(1)), new FakeTimeProvider(), telemetry: telemetry);

        await Task.WhenAll(Enumerable.Range(0, n).Select(_ => fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], ParentContext = CallerContext() }))).DefaultTimeout();
        var requests = await spans.WaitForAsync(Spans.Request, n);
        var batch = (await spans.WaitForAsync(Spans.Batch)).Single();

        Assert.Equal([n], fixture.Scorer.BatchSizes);
        Assert.Equal(n, batch.GetTagItem(Attributes.BatchSize));
        Assert.Equal("full", batch.GetTagItem(Attributes.BatchTrigger));
        Assert.Equal(requests.Select(r => r.Context).ToHashSet(), batch.Links.Select(l => l.Context).ToHashSet());
        Assert.Equal(n, requests.Select(r => r.TraceId).Distinct().Count());
        Assert.All(requests, r =>
        {
            Assert.Equal(batch.GetTagItem(Attributes.BatchId), r.GetTagItem(Attributes.BatchId));
            Assert.Equal(n, r.GetTagItem(Attributes.BatchSize));
        });
    }

    [Fact]
    public async Task FailedBatch_RequestAndBatchSpansHaveErrorStatusAndKind()
    {
        using var telemetry = new RsPipelineTelemetry();
        using var spans = new ActivityCollector(telemetry.ActivitySource);
        using var fixture = new PipelineFixture(Batching(4, BatchingPolicy.EagerWhenIdle, TimeSpan.FromMilliseconds(1)), telemetry: telemetry);
        fixture.Scorer.FailNext = new InvalidOperationException("boom");

        await Assert.ThrowsAsync<RecallException>(() => fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], ParentContext = CallerContext() }).DefaultTimeout());
        var request = (await spans.WaitForAsync(Spans.Request)).Single();
        var batch = (await spans.WaitForAsync(Spans.Batch)).Single();

        Assert.Equal(ActivityStatusCode.Error, request.Status);
        Assert.Equal("internal", request.GetTagItem(Attributes.ErrorType));
        Assert.Equal(ActivityStatusCode.Error, batch.Status);
        Assert.DoesNotContain(spans.Stopped, a => a.ParentSpanId == request.SpanId && a.OperationName == Spans.Respond);
    }

    [Fact]
    public async Task RefusedRequest_HasAnErrorSpan_NamingTheKind()
    {
        using var telemetry = new RsPipelineTelemetry();
        using var spans = new ActivityCollector(telemetry.ActivitySource);
        using var fixture = new PipelineFixture(Batching(4, BatchingPolicy.EagerWhenIdle, TimeSpan.FromMilliseconds(1)), telemetry: telemetry);
        var caller = CallerContext();

        await Assert.ThrowsAsync<RecallException>(() => fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], TopK = 0, ParentContext = caller }));
        var request = (await spans.WaitForAsync(Spans.Request)).Single();

        Assert.Equal(caller.TraceId, request.TraceId);
        Assert.Equal(ActivityStatusCode.Error, request.Status);
        Assert.Equal("invalid_argument", request.GetTagItem(Attributes.ErrorType));
    }

    [Fact]
    public async Task NoListener_NoSpans_AndRequestsAreServed()
    {
        using var telemetry = new RsPipelineTelemetry();
        using var fixture = new PipelineFixture(Batching(4, BatchingPolicy.EagerWhenIdle, TimeSpan.FromMilliseconds(1)), telemetry: telemetry);

        var result = await fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], TopK = 3, ParentContext = CallerContext() }).DefaultTimeout();

        Assert.False(telemetry.ActivitySource.HasListeners());
        Assert.Equal(3, result.ItemIds.Count);
    }
}
