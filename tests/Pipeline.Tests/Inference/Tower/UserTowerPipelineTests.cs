using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Inference.Catalog;
using RsPipeline.Pipeline.Inference.Tower;
using RsPipeline.Pipeline.Tests.Reference;
using RsPipeline.Pipeline.Tests.Support;

namespace RsPipeline.Pipeline.Tests.Inference.Tower;

public class UserTowerPipelineTests
{
    private static ConfiguredItemScorerSource Source(string towerPath) => new(
        new TestOptionsMonitor<CatalogOptions>(new CatalogOptions { EmbeddingsPath = Fixtures.CatalogNpy, ItemIdsPath = Fixtures.ItemIds }),
        new TestOptionsMonitor<InferenceOptions>(new InferenceOptions { UserTower = new UserTowerOptions { Path = towerPath, InputDimension = Fixtures.Features } }),
        new CatalogLoader(NullLogger<CatalogLoader>.Instance),
        NullLoggerFactory.Instance);

    [Fact]
    public async Task FeaturesThroughTowerAndPipeline_AnswerThePythonReferenceTop10()
    {
        using var scorer = await Source(Fixtures.UserTower).LoadAsync(CancellationToken.None).DefaultTimeout();
        using var settings = new LiveBatchingSettings(new TestOptionsMonitor<BatchingOptions>(new BatchingOptions { MaxBatchDelay = TimeSpan.FromMilliseconds(5) }), NullLogger<LiveBatchingSettings>.Instance);
        using var pipeline = new RecallPipeline(settings, Options.Create(new RecallOptions()), TimeProvider.System, NullLogger<RecallPipeline>.Instance);
        pipeline.Activate(scorer);
        var features = NpyReader.Read(Fixtures.TowerFeatures);
        var expected = File.ReadAllLines(Fixtures.TowerTop10);

        var results = await Task.WhenAll(Enumerable.Range(0, features.Rows).Select(r =>
            pipeline.SubmitAsync(new RecallRequest { Features = features.Values.Slice(r * Fixtures.Features, Fixtures.Features).ToArray(), TopK = 10 }))).DefaultTimeout();

        Assert.Equal(Fixtures.Features, pipeline.Dimension);
        Assert.IsType<TowerItemScorer>(scorer);
        for (var r = 0; r < features.Rows; r++)
        {
            Assert.Equal(expected[r], string.Join(",", results[r].ItemIds));
            Assert.Contains("+tower-", results[r].CatalogVersion, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WithATower_ARequestOfTheCatalogueDimension_IsInvalid()
    {
        using var scorer = await Source(Fixtures.UserTower).LoadAsync(CancellationToken.None).DefaultTimeout();
        using var settings = new LiveBatchingSettings(new TestOptionsMonitor<BatchingOptions>(new BatchingOptions()), NullLogger<LiveBatchingSettings>.Instance);
        using var pipeline = new RecallPipeline(settings, Options.Create(new RecallOptions()), TimeProvider.System, NullLogger<RecallPipeline>.Instance);
        pipeline.Activate(scorer);

        var error = await Assert.ThrowsAsync<RecallException>(() => pipeline.SubmitAsync(new RecallRequest { Features = new float[Fixtures.Dimension] }).DefaultTimeout());

        Assert.Equal(RecallErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TowerOfTheWrongDimension_FailsTheLoad()
    {
        var error = await Assert.ThrowsAsync<UserTowerLoadException>(() => Source(Fixtures.UserTowerWrongDimension).LoadAsync(CancellationToken.None).DefaultTimeout());

        Assert.Contains("the probe batch failed", error.Message, StringComparison.Ordinal);
    }
}
