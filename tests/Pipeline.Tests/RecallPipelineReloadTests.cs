using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Tests.Reference;
using RsPipeline.Pipeline.Tests.Support;

namespace RsPipeline.Pipeline.Tests;

public class RecallPipelineReloadTests
{
    private const int Count = 300, Dimension = 8;

    private static BatchingOptions Batching() =>
        new() { MaxBatchSize = 16, MaxBatchDelay = TimeSpan.FromMilliseconds(1), QueueCapacity = 1024, ParseParallelism = 2, RespondParallelism = 2 };

    /// <summary>The same rows negated, so every query's best items differ from the original's; ids as in the original.</summary>
    private static ItemCatalog Negated(ItemCatalog catalog, string version)
    {
        var values = catalog.Embeddings.ToArray().Select(v => -v).ToArray();
        return new ItemCatalog(values, catalog.Count, catalog.Dimension, catalog.ItemIds, version, "negated");
    }

    [Fact]
    public async Task ReloadsUnderContinuousLoad_LoseNoRequest_AndEachReplyIsExactlyOneVersionsAnswer()
    {
        var first = TestCatalogs.Gaussian(Count, Dimension, seed: 11);
        using var fixture = new PipelineFixture(Batching(), catalog: first);
        var catalogs = new Dictionary<string, ItemCatalog> { [first.Version] = first, ["negated-1"] = Negated(first, "negated-1"), ["again-2"] = first.WithVersion("again-2"), ["negated-3"] = Negated(first, "negated-3") };
        using var stop = new CancellationTokenSource();
        var answered = new System.Collections.Concurrent.ConcurrentBag<(float[] Query, RecallResult Result)>();
        var clients = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            while (!stop.IsCancellationRequested)
            {
                var query = TestCatalogs.Vector(Dimension, random);
                answered.Add((query, await fixture.Pipeline.SubmitAsync(new RecallRequest { Features = query, TopK = 5 })));
            }
        })).ToArray();

        // Each version must answer some requests before the next replaces it.
        async Task RepliesFrom(string version)
        {
            while (answered.Count(a => a.Result.CatalogVersion == version) < 20)
            {
                await Task.Delay(5);
            }
        }

        foreach (var (version, next) in new[] { (first.Version, "negated-1"), ("negated-1", "again-2"), ("again-2", "negated-3") })
        {
            await RepliesFrom(version).DefaultTimeout();
            var previous = await fixture.Pipeline.ReplaceScorerAsync(new NaiveScorer(catalogs[next])).DefaultTimeout();
            previous.Dispose();
        }

        await RepliesFrom("negated-3").DefaultTimeout();
        await stop.CancelAsync();
        await Task.WhenAll(clients).DefaultTimeout();

        Assert.Equal("negated-3", fixture.Pipeline.CatalogVersion);
        Assert.Equal(catalogs.Keys.Order(), answered.Select(a => a.Result.CatalogVersion).Distinct().Order());
        foreach (var (query, result) in answered)
        {
            var catalog = catalogs[result.CatalogVersion];
            var expected = BruteForceTopK.TopK(query, catalog.Embeddings.Span, Count, Dimension, 5).Select(i => catalog.ItemIds[i]);
            Assert.Equal(expected, result.ItemIds);
        }
    }

    [Fact]
    public async Task ABatchInFlight_FinishesOnTheOldScorer_WhichIsReleasedOnlyAfterIt()
    {
        using var fixture = new PipelineFixture(Batching());
        var next = new NaiveScorer(Negated(fixture.Catalog, "next"));
        fixture.Scorer.Block();
        var inFlight = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[Dimension], TopK = 3 });
        await fixture.Scorer.Entered.DefaultTimeout();

        var released = fixture.Pipeline.ReplaceScorerAsync(next);
        var after = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[Dimension], TopK = 3 });
        await Task.Delay(20);
        var releasedBeforeTheBatchEnded = released.IsCompleted;
        fixture.Scorer.Release();

        Assert.False(releasedBeforeTheBatchEnded);
        Assert.Same(fixture.Scorer, await released.DefaultTimeout());
        Assert.Equal(fixture.Catalog.Version, (await inFlight.DefaultTimeout()).CatalogVersion);
        Assert.Equal("next", (await after.DefaultTimeout()).CatalogVersion);
    }

    [Fact]
    public void AScorerForAnotherRequestDimension_IsRefused()
    {
        using var fixture = new PipelineFixture(Batching());

        var error = Assert.Throws<InvalidOperationException>(() => { _ = fixture.Pipeline.ReplaceScorerAsync(new NaiveScorer(TestCatalogs.Gaussian(50, Dimension + 1, seed: 3))); });

        Assert.Contains("9 values", error.Message, StringComparison.Ordinal);
        Assert.Equal(fixture.Catalog.Version, fixture.Pipeline.CatalogVersion);
    }
}
