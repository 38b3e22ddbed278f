using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Reload;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests;

/// <summary>The pipeline's argument checks, the overload refusal callers see, and the deadline's saturation boundary.</summary>
public class RecallPipelineArgumentTests
{
    private static BatchingOptions Batching(int capacity) =>
        new() { MaxBatchSize = 1, MaxBatchDelay = TimeSpan.FromSeconds(10), Policy = BatchingPolicy.EagerWhenIdle, QueueCapacity = capacity, ParseParallelism = 1, RespondParallelism = 1 };

    [Fact]
    public void MissingArguments_AreRefusedByName()
    {
        using var settings = new LiveBatchingSettings(new TestOptionsMonitor<BatchingOptions>(Batching(4)), NullLogger<LiveBatchingSettings>.Instance);
        var recall = Options.Create(new RecallOptions());

        Assert.Equal("batching", Assert.Throws<ArgumentNullException>(() => new RecallPipeline(null!, recall, new ScorerSlot(), TimeProvider.System, NullLogger<RecallPipeline>.Instance)).ParamName);
        Assert.Equal("recall", Assert.Throws<ArgumentNullException>(() => new RecallPipeline(settings, null!, new ScorerSlot(), TimeProvider.System, NullLogger<RecallPipeline>.Instance)).ParamName);
        using var pipeline = new RecallPipeline(settings, recall, new ScorerSlot(), TimeProvider.System, NullLogger<RecallPipeline>.Instance);
        Assert.Equal("scorer", Assert.Throws<ArgumentNullException>(() => pipeline.Activate(null!)).ParamName);
        Assert.Equal("request", Assert.Throws<ArgumentNullException>(() => { _ = pipeline.SubmitAsync(null!); }).ParamName);
    }

    [Fact]
    public async Task AnOverloadedRequest_IsToldTheCapacity_AndToRetry()
    {
        using var settings = new LiveBatchingSettings(new TestOptionsMonitor<BatchingOptions>(Batching(1)), NullLogger<LiveBatchingSettings>.Instance);
        using var pipeline = new RecallPipeline(settings, Options.Create(new RecallOptions()), new ScorerSlot(), TimeProvider.System, NullLogger<RecallPipeline>.Instance);
        var scorer = new NaiveScorer(TestCatalogs.Gaussian(20, 8, seed: 4));
        pipeline.Activate(scorer);
        scorer.Block();
        var inside = pipeline.SubmitAsync(new RecallRequest { Features = new float[8], TopK = 1 });

        var refused = await Assert.ThrowsAsync<RecallException>(() => pipeline.SubmitAsync(new RecallRequest { Features = new float[8], TopK = 1 }));
        scorer.Release();
        await inside.DefaultTimeout();

        Assert.Equal((RecallErrorKind.Overloaded, "overloaded: 1 requests already waiting; retry later"), (refused.Kind, refused.Message));
    }

    [Fact]
    public void ADeadlineWhoseTicksEqualWhatIsLeftBeforeNever_SaturatesAtNever()
    {
        // 2^33 s at 2^30 ticks per second is exactly 2^63 ticks; long.MaxValue - 1 rounds to the same
        // double, so the boundary itself must saturate, as adding it would overflow.
        var time = new CoarseClock();
        var deadline = time.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(1L << 33);

        Assert.Equal(long.MaxValue, RecallPipeline.DeadlineTimestamp(deadline, time));
    }

    private sealed class CoarseClock : TimeProvider
    {
        public override long TimestampFrequency => 1L << 30;

        public override long GetTimestamp() => 1;

        public override DateTimeOffset GetUtcNow() => new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
