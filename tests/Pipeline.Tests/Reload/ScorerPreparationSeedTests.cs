using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Reload;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests.Reload;

/// <summary>A prepared scorer (at start or on a reload) seeds the inference time model from timed warm-up batches of several sizes.</summary>
public class ScorerPreparationSeedTests
{
    [Fact]
    public async Task Prepare_WarmsUpAtMaxBatchSize_ThenTimesBatchesOfOneAQuarterAHalfAndAll_AndSeedsTheModelForThatScorer()
    {
        using var fixture = new PipelineFixture(new BatchingOptions { MaxBatchSize = 16, Policy = BatchingPolicy.LatencySlo });
        var model = new InferenceCostModel();
        var previous = new object();
        model.Observe(previous, 1, TimeSpan.FromHours(1));
        var scorer = new NaiveScorer(TestCatalogs.Gaussian(120, 8, seed: 3));
        var preparation = new ScorerPreparation(new FixedScorerSource(scorer), fixture.Scorers, fixture.Settings, Options.Create(new RecallOptions { DefaultTopK = 5 }), model);

        var prepared = await preparation.PrepareAsync(ScorerOverrides.None, CancellationToken.None).DefaultTimeout();

        Assert.Same(scorer, prepared.Scorer);
        Assert.Equal([16, 1, 4, 8, 16], scorer.BatchSizes);

        // The hour learnt about the previous scorer is gone, and its late batches no longer count.
        Assert.True(model.Predict(1) < TimeSpan.FromMinutes(1), $"predicted {model.Predict(1)}");
        model.Observe(previous, 1, TimeSpan.FromHours(1));
        Assert.True(model.Predict(1) < TimeSpan.FromMinutes(1), $"predicted {model.Predict(1)}");
        model.Observe(scorer, 1, TimeSpan.FromHours(1));
        model.Observe(scorer, 1, TimeSpan.FromHours(1));
        model.Observe(scorer, 1, TimeSpan.FromHours(1));
        model.Observe(scorer, 1, TimeSpan.FromHours(1));
        Assert.True(model.Predict(1) > TimeSpan.FromMinutes(1), "the prepared scorer's own batches count");
    }

    [Fact]
    public async Task Prepare_WithoutAModel_RunsOnlyTheWarmUpBatch()
    {
        using var fixture = new PipelineFixture(new BatchingOptions { MaxBatchSize = 16 });
        var scorer = new NaiveScorer(TestCatalogs.Gaussian(120, 8, seed: 3));
        var preparation = new ScorerPreparation(new FixedScorerSource(scorer), fixture.Scorers, fixture.Settings, Options.Create(new RecallOptions { DefaultTopK = 5 }));

        await preparation.PrepareAsync(ScorerOverrides.None, CancellationToken.None).DefaultTimeout();

        Assert.Equal([16], scorer.BatchSizes);
    }
}
