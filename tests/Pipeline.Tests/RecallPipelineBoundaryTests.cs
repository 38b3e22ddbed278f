using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Reload;
using RsPipeline.Pipeline.Telemetry;
using RsPipeline.Pipeline.Tests.Support;
using RsPipeline.TestSupport;
using RsPipeline.TestSupport.Reference;
using static RsPipeline.Pipeline.Telemetry.RsPipelineTelemetry;

namespace RsPipeline.Pipeline.Tests;

/// <summary>Every request limit and batching setting at its boundary and at zero: accepted at the limit, refused one past it.</summary>
public class RecallPipelineBoundaryTests
{
    private static BatchingOptions Batching(int maxBatchSize = 8, TimeSpan? delay = null, BatchingPolicy policy = BatchingPolicy.EagerWhenIdle, int capacity = 64, int parse = 2, int respond = 2) =>
        new() { MaxBatchSize = maxBatchSize, MaxBatchDelay = delay ?? TimeSpan.FromSeconds(10), Policy = policy, QueueCapacity = capacity, ParseParallelism = parse, RespondParallelism = respond };

    private static RecallRequest Request(int? topK = null, IReadOnlyCollection<string>? excluded = null) =>
        new() { Features = TestCatalogs.Vector(8, new Random(5)), TopK = topK, ExcludedItemIds = excluded ?? [] };

    [Fact]
    public async Task TopK_AtMaxTopK_AndAtOne_AreServed()
    {
        using var fixture = new PipelineFixture(Batching(), recall: new RecallOptions { MaxTopK = 50 });

        var atMax = await fixture.Pipeline.SubmitAsync(Request(topK: 50)).DefaultTimeout();
        var one = await fixture.Pipeline.SubmitAsync(Request(topK: 1)).DefaultTimeout();

        Assert.Equal(50, atMax.ItemIds.Count);
        Assert.Equal(atMax.ItemIds[0], Assert.Single(one.ItemIds));
    }

    [Fact]
    public async Task Exclusions_AtMaxExcludedItems_AreServed()
    {
        using var fixture = new PipelineFixture(Batching(), recall: new RecallOptions { MaxExcludedItems = 3 });
        var best = await fixture.Pipeline.SubmitAsync(Request(topK: 10)).DefaultTimeout();

        var result = await fixture.Pipeline.SubmitAsync(Request(topK: 5, excluded: best.ItemIds.Take(3).ToArray())).DefaultTimeout();

        Assert.Equal(best.ItemIds.Skip(3).Take(5), result.ItemIds);
    }

    [Fact]
    public async Task ExcludedIdsOutsideTheCandidates_StillGiveExactlyK()
    {
        using var fixture = new PipelineFixture(Batching());
        var best = await fixture.Pipeline.SubmitAsync(Request(topK: 5)).DefaultTimeout();

        // Five more candidates are fetched for the five exclusions, and none of them is excluded.
        var result = await fixture.Pipeline.SubmitAsync(Request(topK: 5, excluded: ["nope-1", "nope-2", "nope-3", "nope-4", "nope-5"])).DefaultTimeout();

        Assert.Equal(best.ItemIds, result.ItemIds);
    }

    [Fact]
    public async Task BothTextAndVector_AreRefused()
    {
        using var fixture = new PipelineFixture(Batching());

        var error = await Assert.ThrowsAsync<RecallException>(() => fixture.Pipeline.SubmitAsync(new RecallRequest { FeatureText = "1,2", Features = new float[8] }));

        Assert.Equal(RecallErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("exactly one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ZeroDelay_EachRequestLeavesAtOnce_AsWindow_WithoutTheClockMoving()
    {
        // The window policies; LatencySlo ignores MaxBatchDelay (LatencySloPolicyTests pins that).
        foreach (var policy in new[] { BatchingPolicy.FixedWindow, BatchingPolicy.EagerWhenIdle })
        {
            using var telemetry = new RsPipelineTelemetry();
            using var spans = new ActivityCollector(telemetry.ActivitySource);
            using var fixture = new PipelineFixture(Batching(delay: TimeSpan.Zero, policy: policy), new FakeTimeProvider(), telemetry: telemetry);

            await fixture.Pipeline.SubmitAsync(Request(topK: 3)).DefaultTimeout();
            await fixture.Pipeline.SubmitAsync(Request(topK: 3)).DefaultTimeout();
            var batches = await spans.WaitForAsync(Spans.Batch, 2);

            Assert.Equal([1, 1], fixture.Scorer.BatchSizes);
            Assert.Equal(["window", "window"], batches.Select(b => b.GetTagItem(Attributes.BatchTrigger)));
        }
    }

    [Fact]
    public async Task TheSmallestSettings_OneOfEverything_Serve()
    {
        using var fixture = new PipelineFixture(Batching(maxBatchSize: 1, capacity: 1, parse: 1, respond: 1));

        var first = await fixture.Pipeline.SubmitAsync(Request(topK: 2)).DefaultTimeout();
        var second = await fixture.Pipeline.SubmitAsync(Request(topK: 2)).DefaultTimeout();

        Assert.Equal(first.ItemIds, second.ItemIds);
        Assert.Equal([1, 1], fixture.Scorer.BatchSizes);
    }

    [Fact]
    public async Task TheLargestParallelism_Serves()
    {
        var batching = Batching(parse: BatchingOptionsValidator.MaxParallelism, respond: BatchingOptionsValidator.MaxParallelism);
        Assert.True(new BatchingOptionsValidator().Validate(null, batching).Succeeded);
        using var fixture = new PipelineFixture(batching);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => fixture.Pipeline.SubmitAsync(Request(topK: 4)))).DefaultTimeout();

        Assert.All(results, r => Assert.Equal(4, r.ItemIds.Count));
    }

    [Fact]
    public async Task CapacityEqualToTheBatch_AdmitsExactlyThatMany_AndTheyLeaveAsOneFullBatch()
    {
        using var fixture = new PipelineFixture(Batching(maxBatchSize: 4, policy: BatchingPolicy.FixedWindow, capacity: 4), new FakeTimeProvider());

        var admitted = Enumerable.Range(0, 4).Select(_ => fixture.Pipeline.SubmitAsync(Request(topK: 1))).ToArray();
        var refused = fixture.Pipeline.SubmitAsync(Request(topK: 1));

        Assert.Equal(RecallErrorKind.Overloaded, (await Assert.ThrowsAsync<RecallException>(() => refused)).Kind);
        await Task.WhenAll(admitted).DefaultTimeout();
        Assert.Equal([4], fixture.Scorer.BatchSizes);
    }

    [Fact]
    public async Task AnOverloadedRequest_IsLogged_WithTheCapacity()
    {
        var log = new FakeLogger<RecallPipeline>();
        using var settings = new LiveBatchingSettings(new TestOptionsMonitor<BatchingOptions>(Batching(maxBatchSize: 1, capacity: 1)), NullLogger<LiveBatchingSettings>.Instance);
        var scorers = new ScorerSlot();
        using var pipeline = new RecallPipeline(settings, Options.Create(new RecallOptions()), scorers, TimeProvider.System, log);
        var scorer = new NaiveScorer(TestCatalogs.Gaussian(50, 8, seed: 3));
        pipeline.Activate(scorer);
        scorer.Block();
        var inside = pipeline.SubmitAsync(Request(topK: 1));

        await Assert.ThrowsAsync<RecallException>(() => pipeline.SubmitAsync(Request(topK: 1)));
        scorer.Release();
        await inside.DefaultTimeout();

        var overloaded = Assert.Single(log.Collector.GetSnapshot(), r => r.Id.Name == "PipelineOverloaded");
        Assert.Equal(LogLevel.Debug, overloaded.Level);
        Assert.Equal("Request refused: 1 requests already inside", overloaded.Message);
    }

    [Fact]
    public async Task Activate_Twice_AnnouncesServingOnce_AndServesWithTheLatestScorer()
    {
        var log = new FakeLogger<RecallPipeline>();
        using var settings = new LiveBatchingSettings(new TestOptionsMonitor<BatchingOptions>(Batching()), NullLogger<LiveBatchingSettings>.Instance);
        using var pipeline = new RecallPipeline(settings, Options.Create(new RecallOptions()), new ScorerSlot(), TimeProvider.System, log);
        var states = new List<PipelineState>();
        pipeline.StateChanged += states.Add;
        var first = TestCatalogs.Gaussian(50, 8, seed: 3);
        var second = TestCatalogs.Gaussian(60, 8, seed: 4).WithVersion("second");

        pipeline.Activate(new NaiveScorer(first));
        pipeline.Activate(new NaiveScorer(second));
        var result = await pipeline.SubmitAsync(Request(topK: 1)).DefaultTimeout();

        Assert.Equal([PipelineState.Serving], states);
        Assert.Equal("second", result.CatalogVersion);
        Assert.Equal("second", pipeline.CatalogVersion);
        Assert.Equal(8, pipeline.Dimension);
        var serving = Assert.Single(log.Collector.GetSnapshot(), r => r.Id.Name == "PipelineServing");
        Assert.Equal($"Serving catalogue {first.Version}: 50 items × 8", serving.Message);
    }

    [Fact]
    public void BeforeActivation_NoCatalogue_NoDimension()
    {
        using var fixture = new PipelineFixture(Batching(), activate: false);

        Assert.Equal(string.Empty, fixture.Pipeline.CatalogVersion);
        Assert.Equal(0, fixture.Pipeline.Dimension);
    }

    [Fact]
    public async Task Drain_LogsHowManyWereInside_ThenThatItDrained_AndRefusesAsShuttingDown()
    {
        var log = new FakeLogger<RecallPipeline>();
        using var settings = new LiveBatchingSettings(new TestOptionsMonitor<BatchingOptions>(Batching(policy: BatchingPolicy.FixedWindow)), NullLogger<LiveBatchingSettings>.Instance);
        using var pipeline = new RecallPipeline(settings, Options.Create(new RecallOptions()), new ScorerSlot(), new FakeTimeProvider(), log);
        pipeline.Activate(new NaiveScorer(TestCatalogs.Gaussian(50, 8, seed: 3)));
        var waiting = Enumerable.Range(0, 2).Select(_ => pipeline.SubmitAsync(Request(topK: 1))).ToArray();
        await pipeline.WhenWaiting(2).DefaultTimeout();

        await pipeline.DrainAsync(CancellationToken.None).DefaultTimeout();
        var refused = await Assert.ThrowsAsync<RecallException>(() => pipeline.SubmitAsync(Request(topK: 1)));

        await Task.WhenAll(waiting).DefaultTimeout();
        Assert.Equal(RecallErrorKind.Unavailable, refused.Kind);
        Assert.Equal("the service is shutting down", refused.Message);
        Assert.Equal(
            ["Draining: intake stopped, 2 requests to finish", "Drained: every request answered"],
            log.Collector.GetSnapshot().Where(r => r.Id.Name is "PipelineDraining" or "PipelineDrained").Select(r => r.Message));
        Assert.Equal(0, pipeline.InFlight);
        Assert.True(pipeline.InferenceLoop.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Drain_WhenItsTokenFires_ReturnsEarly_AndTheRestStillFinishes()
    {
        using var fixture = new PipelineFixture(Batching(maxBatchSize: 1));
        fixture.Scorer.Block();
        var inside = fixture.Pipeline.SubmitAsync(Request(topK: 1));
        await fixture.Scorer.Entered.DefaultTimeout();
        using var cancellation = new CancellationTokenSource();

        var drain = fixture.Pipeline.DrainAsync(cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => drain).DefaultTimeout();
        Assert.Equal(PipelineState.Draining, fixture.Pipeline.State);
        fixture.Scorer.Release();
        await inside.DefaultTimeout();
        await fixture.Pipeline.DrainAsync(CancellationToken.None).DefaultTimeout();
        Assert.Equal(PipelineState.Stopped, fixture.Pipeline.State);
    }

    [Fact]
    public async Task Drain_BeforeActivation_StopsWithoutServing()
    {
        using var fixture = new PipelineFixture(Batching(), activate: false);

        await fixture.Pipeline.DrainAsync(CancellationToken.None).DefaultTimeout();

        Assert.Equal(PipelineState.Stopped, fixture.Pipeline.State);
        var error = await Assert.ThrowsAsync<RecallException>(() => fixture.Pipeline.SubmitAsync(Request()));
        Assert.Equal("the service is shutting down", error.Message);
    }

    [Fact]
    public async Task AfterDispose_SettingsChangesAreNoLongerFollowed()
    {
        var fixture = new PipelineFixture(Batching(maxBatchSize: 8));
        await fixture.Pipeline.SubmitAsync(Request(topK: 1)).DefaultTimeout();

        fixture.Dispose();
        fixture.Monitor.Set(Batching(maxBatchSize: 3));

        Assert.Equal(8, fixture.Settings.Current.MaxBatchSize);
    }

    [Fact]
    public void Deadline_IsAClockTimestamp_SaturatingAtNever()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        time.Advance(TimeSpan.FromSeconds(5));
        var now = time.GetTimestamp();
        var utcNow = time.GetUtcNow().UtcDateTime;

        Assert.Equal(long.MaxValue, RecallPipeline.DeadlineTimestamp(null, time));
        Assert.Equal((DateTime.MaxValue - utcNow).TotalDays, time.GetElapsedTime(now, RecallPipeline.DeadlineTimestamp(DateTime.MaxValue, time)).TotalDays, 3);
        Assert.Equal(long.MaxValue, RecallPipeline.DeadlineTimestamp(DateTime.MaxValue, TimeProvider.System));
        Assert.Equal(TimeSpan.FromMilliseconds(250), time.GetElapsedTime(now, RecallPipeline.DeadlineTimestamp(utcNow.AddMilliseconds(250), time)));
        Assert.Equal(now, RecallPipeline.DeadlineTimestamp(utcNow, time));
        Assert.Equal(-TimeSpan.FromSeconds(1), time.GetElapsedTime(now, RecallPipeline.DeadlineTimestamp(utcNow.AddSeconds(-1), time)));
    }

    [Fact]
    public async Task ADeadlineExactlyNow_IsExceeded_AndOneTickLater_IsServed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var fixture = new PipelineFixture(Batching(), time);
        var now = time.GetUtcNow().UtcDateTime;

        var exceeded = await Assert.ThrowsAsync<RecallException>(() => fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], Deadline = now }).DefaultTimeout());
        var served = await fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], TopK = 1, Deadline = now.AddTicks(1) }).DefaultTimeout();

        Assert.Equal(RecallErrorKind.DeadlineExceeded, exceeded.Kind);
        Assert.Single(served.ItemIds);
        Assert.Equal([1], fixture.Scorer.BatchSizes);
    }

    [Fact]
    public async Task Scores_StayWithTheirIds_WhenExclusionsRemoveSomeBetweenThem()
    {
        using var fixture = new PipelineFixture(Batching());
        var query = TestCatalogs.Vector(8, new Random(5));
        var best = await fixture.Pipeline.SubmitAsync(new RecallRequest { Features = query, TopK = 6, IncludeScores = true }).DefaultTimeout();
        string[] excluded = [best.ItemIds[1], best.ItemIds[3]];

        var result = await fixture.Pipeline.SubmitAsync(new RecallRequest { Features = query, TopK = 4, IncludeScores = true, ExcludedItemIds = excluded }).DefaultTimeout();

        int[] kept = [0, 2, 4, 5];
        Assert.Equal(kept.Select(i => best.ItemIds[i]), result.ItemIds);
        Assert.Equal(kept.Select(i => best.Scores![i]), result.Scores);
        var reference = BruteForceTopK.TopK(query, fixture.Catalog.Embeddings.Span, fixture.Catalog.Count, 8, 6);
        Assert.Equal(reference.Select(i => $"item-{i}"), best.ItemIds);
    }
}
