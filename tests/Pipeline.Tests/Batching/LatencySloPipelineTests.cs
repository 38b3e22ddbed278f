using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Reload;
using RsPipeline.Pipeline.Telemetry;
using RsPipeline.Pipeline.Tests.Support;
using RsPipeline.TestSupport;
using static RsPipeline.Pipeline.Telemetry.RsPipelineTelemetry;

namespace RsPipeline.Pipeline.Tests.Batching;

/// <summary>
/// LatencySlo in the whole graph, on a fake clock, with a scorer whose cost is a known function of
/// the batch size (it moves the clock by that much): the model learns from every batch, follows a
/// cost change, and a request that cannot be answered before its deadline is failed unscored and counted.
/// </summary>
public sealed class LatencySloPipelineTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);
    private readonly RsPipelineTelemetry _telemetry = new();
    private readonly InferenceCostModel _model = new();
    private readonly ItemCatalog _catalog = TestCatalogs.Gaussian(300, 8, seed: 7);
    private readonly CostlyScorer _scorer;
    private readonly LiveBatchingSettings _settings;
    private readonly RecallPipeline _pipeline;
    private readonly FakeLogger<RecallPipeline> _log = new();

    public LatencySloPipelineTests()
    {
        _scorer = new CostlyScorer(new NaiveScorer(_catalog), _time);

        // A target below every batch's cost: nothing waits for the clock to move (the policy's waits
        // are pinned by LatencySloPolicyTests and LatencySloScheduleProperties), each batch leaves at once.
        var options = new BatchingOptions { MaxBatchSize = 16, Policy = BatchingPolicy.LatencySlo, LatencyTarget = TimeSpan.FromMilliseconds(1), QueueCapacity = 64, ParseParallelism = 1, RespondParallelism = 1 };
        _settings = new LiveBatchingSettings(new TestOptionsMonitor<BatchingOptions>(options), NullLogger<LiveBatchingSettings>.Instance);
        _pipeline = new RecallPipeline(_settings, Options.Create(new RecallOptions()), new ScorerSlot(), _time, _log, _telemetry, _model);
        _pipeline.Activate(_scorer);
    }

    public void Dispose()
    {
        _pipeline.Dispose();
        _telemetry.Dispose();
    }

    private RecallRequest Request(TimeSpan? deadlineIn = null) =>
        new() { Features = TestCatalogs.Vector(8, new Random(5)), Deadline = deadlineIn is { } d ? _time.GetUtcNow().UtcDateTime + d : null };

    [Fact]
    public async Task TheModel_LearnsEachBatchsCost_AndFollowsACostChange()
    {
        _scorer.Cost = size => TimeSpan.FromMilliseconds(2 + size);
        for (var i = 0; i < 4; i++)
        {
            await _pipeline.SubmitAsync(Request()).DefaultTimeout();
        }

        Assert.Equal(TimeSpan.FromMilliseconds(3), _model.Predict(1));

        _scorer.Cost = size => TimeSpan.FromMilliseconds(7 + size);
        for (var i = 0; i < InferenceCostModel.Window; i++)
        {
            await _pipeline.SubmitAsync(Request()).DefaultTimeout();
        }

        Assert.Equal(TimeSpan.FromMilliseconds(8), _model.Predict(1));
    }

    [Fact]
    public async Task ARequestThatCannotMeetItsDeadline_FailsDeadlineExceeded_Unscored_AndIsCounted()
    {
        using var shed = new MetricCollector<long>(_telemetry.Meter, Instruments.Shed);
        _scorer.Cost = _ => TimeSpan.FromMilliseconds(10);
        _model.Seed(_scorer, [(1, TimeSpan.FromMilliseconds(10)), (16, TimeSpan.FromMilliseconds(10))]);

        // Predicted 10 ms of scoring, the caller waits 5: it cannot be answered in time.
        var error = await Assert.ThrowsAsync<RecallException>(() => _pipeline.SubmitAsync(Request(TimeSpan.FromMilliseconds(5))).DefaultTimeout());
        var answered = await _pipeline.SubmitAsync(Request(TimeSpan.FromMilliseconds(50))).DefaultTimeout();

        Assert.Equal(RecallErrorKind.DeadlineExceeded, error.Kind);
        Assert.Equal([1], _scorer.BatchSizes);
        Assert.NotEmpty(answered.ItemIds);
        Assert.Equal(1, shed.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task EachBatch_ShowsItsPredictionBesideTheTimeItTook_AndWhyItLeft()
    {
        using var spans = new ActivityCollector(_telemetry.ActivitySource);
        using var errors = new MetricCollector<double>(_telemetry.Meter, Instruments.PredictionError);
        _scorer.Cost = _ => TimeSpan.FromMilliseconds(13);
        _model.Seed(_scorer, [(1, TimeSpan.FromMilliseconds(10)), (16, TimeSpan.FromMilliseconds(10))]);

        await _pipeline.SubmitAsync(Request()).DefaultTimeout();
        var batch = Assert.Single(await spans.WaitForAsync(Spans.Batch));

        // The target (1 ms) is below the predicted 10 ms: nothing can fit, the batch leaves as overload.
        Assert.Equal("overload", batch.GetTagItem(Attributes.BatchTrigger));
        Assert.Equal(0.010, (double)batch.GetTagItem(Attributes.BatchPredictedInference)!, precision: 9);
        Assert.Equal(0.013, (double)batch.GetTagItem(Attributes.BatchActualInference)!, precision: 9);
        Assert.Equal(0.003, Assert.Single(errors.GetMeasurementSnapshot()).Value, precision: 9);
    }

    [Fact]
    public async Task ABatchSlowerThanPredicted_TeachesThePolicyItsOverrun_ThroughTheRespondStage()
    {
        _scorer.Cost = _ => TimeSpan.FromMilliseconds(10);
        _model.Seed(_scorer, [(1, TimeSpan.FromMilliseconds(2)), (16, TimeSpan.FromMilliseconds(2))]);
        Assert.Equal(TimeSpan.Zero, _pipeline.Overhead.Current);

        await _pipeline.SubmitAsync(Request()).DefaultTimeout();

        // Predicted 2 ms, took 10; parsing and answering take no time on the fake clock: 8 ms outside the schedule.
        Assert.Equal(TimeSpan.FromMilliseconds(8), _pipeline.Overhead.Current);
    }

    [Fact]
    public async Task EachBatchsDebugLine_NamesTheTimeOutsideTheSchedule_ThePolicyKeepsFree()
    {
        _scorer.Cost = _ => TimeSpan.FromMilliseconds(10);
        _model.Seed(_scorer, [(1, TimeSpan.FromMilliseconds(2)), (16, TimeSpan.FromMilliseconds(2))]);

        // The first batch teaches the overrun (8 ms); the third is taken only after the second's line was written.
        for (var i = 0; i < 3; i++)
        {
            await _pipeline.SubmitAsync(Request()).DefaultTimeout();
        }

        var line = _log.Collector.GetSnapshot().Single(r => r.Id.Name == "BatchPredictionCompared" && r.Message.StartsWith("Batch 2 ", StringComparison.Ordinal));
        Assert.Equal("Batch 2 of 1 left as Overload: predicted 2 ms of inference, took 10 ms; time outside the schedule (p99) 8 ms", line.Message);
    }

    /// <summary>Scores with a <see cref="NaiveScorer"/> and moves the fake clock by <see cref="Cost"/> of the batch size.</summary>
    private sealed class CostlyScorer(NaiveScorer inner, FakeTimeProvider time) : IItemScorer
    {
        public Func<int, TimeSpan> Cost { get; set; } = _ => TimeSpan.Zero;

        public ItemCatalog Catalog => inner.Catalog;

        public IReadOnlyList<int> BatchSizes => inner.BatchSizes;

        public void ScoreTopK(ReadOnlySpan<float> queries, int rows, int k, Span<int> indices, Span<float> scores)
        {
            inner.ScoreTopK(queries, rows, k, indices, scores);
            time.Advance(Cost(rows));
        }

        public void Dispose() => inner.Dispose();
    }
}
