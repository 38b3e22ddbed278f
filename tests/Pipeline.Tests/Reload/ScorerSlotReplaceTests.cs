using System.Threading.Channels;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Batching;
using RsPipeline.TestSupport;
using RsPipeline.TestSupport.Reference;

namespace RsPipeline.Pipeline.Tests.Reload;

/// <summary>Swapping the scorer under a serving pipeline (what a reload does once the new scorer is ready).</summary>
public class ScorerSlotReplaceTests
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
    public async Task ReplacementsUnderContinuousLoad_LoseNoRequest_AndEachReplyIsExactlyOneVersionsAnswer()
    {
        var first = TestCatalogs.Gaussian(Count, Dimension, seed: 11);
        using var fixture = new PipelineFixture(Batching(), catalog: first);
        var catalogs = new Dictionary<string, ItemCatalog> { [first.Version] = first, ["negated-1"] = Negated(first, "negated-1"), ["again-2"] = first.WithVersion("again-2"), ["negated-3"] = Negated(first, "negated-3") };
        using var stop = new CancellationTokenSource();
        var answers = Channel.CreateUnbounded<(float[] Query, RecallResult Result)>();
        var clients = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            while (!stop.IsCancellationRequested)
            {
                var query = TestCatalogs.Vector(Dimension, random);
                await answers.Writer.WriteAsync((query, await fixture.Pipeline.SubmitAsync(new RecallRequest { Features = query, TopK = 5 })));
            }
        })).ToArray();
        var answered = new List<(float[] Query, RecallResult Result)>();

        // Each version must answer some requests before the next replaces it: read answers until it has.
        async Task RepliesFrom(string version)
        {
            while (answered.Count(a => a.Result.CatalogVersion == version) < 20)
            {
                answered.Add(await answers.Reader.ReadAsync());
            }
        }

        foreach (var (version, next) in new[] { (first.Version, "negated-1"), ("negated-1", "again-2"), ("again-2", "negated-3") })
        {
            await RepliesFrom(version).DefaultTimeout();
            var previous = await fixture.Scorers.Replace(new NaiveScorer(catalogs[next])).DefaultTimeout();
            previous!.Dispose();
        }

        await RepliesFrom("negated-3").DefaultTimeout();
        await stop.CancelAsync();
        await Task.WhenAll(clients).DefaultTimeout();
        answers.Writer.Complete();
        await foreach (var answer in answers.Reader.ReadAllAsync())
        {
            answered.Add(answer);
        }

        Assert.Equal("negated-3", fixture.Pipeline.CatalogVersion);
        Assert.Equal(catalogs.Keys.Order(), answered.Select(a => a.Result.CatalogVersion).Distinct().Order());
        foreach (var (query, result) in answered)
        {
            // The float32 answer against the float64 reference under the suite's rule (near-ties within
            // the rounding bound may swap; an exact comparison failed once in five suite runs under load).
            var catalog = catalogs[result.CatalogVersion];
            var indices = result.ItemIds.Select(PipelineFixture.IndexOf).ToArray();
            TopKAssert.IsExactTopK(query, catalog.Embeddings.Span, Count, Dimension, indices, 5);
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

        var released = fixture.Scorers.Replace(next);
        var after = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[Dimension], TopK = 3 });
        await fixture.Pipeline.WhenWaiting(1).DefaultTimeout();
        var releasedBeforeTheBatchEnded = released.IsCompleted;
        fixture.Scorer.Release();

        Assert.False(releasedBeforeTheBatchEnded);
        Assert.Same(fixture.Scorer, await released.DefaultTimeout());
        Assert.Equal(fixture.Catalog.Version, (await inFlight.DefaultTimeout()).CatalogVersion);
        Assert.Equal("next", (await after.DefaultTimeout()).CatalogVersion);
    }

    [Fact]
    public void AScorerForAnotherRequestDimension_CannotReplace()
    {
        using var fixture = new PipelineFixture(Batching());

        var error = Assert.Throws<InvalidOperationException>(() => fixture.Scorers.EnsureCanReplace(new NaiveScorer(TestCatalogs.Gaussian(50, Dimension + 1, seed: 3))));

        Assert.Equal(
            "the new catalogue expects request vectors of 9 values, the one serving 8; changing the request dimension needs a restart",
            error.Message);
        Assert.Equal(fixture.Catalog.Version, fixture.Pipeline.CatalogVersion);
    }

    [Fact]
    public void TheSameDimension_CanReplace_AndAnythingCanBeTheFirst()
    {
        using var fixture = new PipelineFixture(Batching(), activate: false);

        fixture.Scorers.EnsureCanReplace(new NaiveScorer(TestCatalogs.Gaussian(50, Dimension + 1, seed: 3)));
        fixture.Pipeline.Activate(fixture.Scorer);
        fixture.Scorers.EnsureCanReplace(new NaiveScorer(TestCatalogs.Gaussian(50, Dimension, seed: 3)));
    }
}
