using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RsPipeline.Catalog.Formats.Npy;
using RsPipeline.Pipeline;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Inference.Tower;
using RsPipeline.Pipeline.Reload;
using RsPipeline.TestSupport.Reference;
using RsPipeline.TestSupport;

namespace RsPipeline.Torch.Tests;

public class UserTowerPipelineTests
{
    private static async Task<IItemScorer> LoadAsync(string towerPath)
    {
        using var host = new TorchHost(
            ("Catalog:EmbeddingsPath", Fixtures.CatalogNpy),
            ("Catalog:ItemIdsPath", Fixtures.ItemIds),
            ("Inference:UserTower:Path", towerPath),
            ("Inference:UserTower:InputDimension", Fixtures.Features.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return await host.LoadAsync();
    }

    private static RecallPipeline Pipeline(LiveBatchingSettings settings) =>
        new(settings, Options.Create(new RecallOptions()), new ScorerSlot(), TimeProvider.System, NullLogger<RecallPipeline>.Instance);

    [Fact]
    public async Task FeaturesThroughTowerAndPipeline_AnswerThePythonReferenceTop10()
    {
        using var scorer = await LoadAsync(Fixtures.UserTower).DefaultTimeout();
        using var settings = new LiveBatchingSettings(new TestOptionsMonitor<BatchingOptions>(new BatchingOptions { MaxBatchDelay = TimeSpan.FromMilliseconds(5) }), NullLogger<LiveBatchingSettings>.Instance);
        using var pipeline = Pipeline(settings);
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
        using var scorer = await LoadAsync(Fixtures.UserTower).DefaultTimeout();
        using var settings = new LiveBatchingSettings(new TestOptionsMonitor<BatchingOptions>(new BatchingOptions()), NullLogger<LiveBatchingSettings>.Instance);
        using var pipeline = Pipeline(settings);
        pipeline.Activate(scorer);

        var error = await Assert.ThrowsAsync<RecallException>(() => pipeline.SubmitAsync(new RecallRequest { Features = new float[Fixtures.Dimension] }).DefaultTimeout());

        Assert.Equal(RecallErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TowerOfTheWrongDimension_FailsTheLoad()
    {
        var error = await Assert.ThrowsAsync<UserTowerLoadException>(() => LoadAsync(Fixtures.UserTowerWrongDimension).DefaultTimeout());

        Assert.Contains("the probe batch failed", error.Message, StringComparison.Ordinal);
    }
}
