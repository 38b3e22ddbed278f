using Microsoft.Extensions.Logging.Abstractions;
using RsPipeline.Pipeline;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Reload;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Parsing;
using RsPipeline.TestSupport.Reference;
using RsPipeline.TestSupport;

namespace RsPipeline.Torch.Tests;

/// <summary>The exact top-20 of shared/testdata, computed outside the project (numpy, float64), reproduced by every scorer.</summary>
public class SharedReferenceDataTests
{
    private const int K = 20;

    public static TheoryData<ScorerKind> Scorers => [ScorerKind.Torch, ScorerKind.Simd, ScorerKind.SimdInt8];

    // Each scorer as the host builds it: through the provider registered for its kind.
    private static IItemScorer Create(ScorerKind kind, ItemCatalog catalog)
    {
        using var host = new TorchHost();
        return host.Get<IEnumerable<IItemScorerProvider>>().Single(p => p.Kind == kind).Create(catalog);
    }

    private static ItemCatalog LoadCatalog() =>
        new CatalogLoader(NullLogger<CatalogLoader>.Instance).Load(new CatalogOptions { EmbeddingsPath = TestData.CatalogueNpy, ItemIdsPath = TestData.ItemIds });

    private static (string[] Queries, string[] Expected) LoadQueries()
    {
        var queries = File.ReadAllLines(TestData.Queries);
        var expected = File.ReadAllLines(TestData.ExpectedTop20);
        Assert.Equal(queries.Length, expected.Length);
        Assert.True(queries.Length > 200, "the reference set should hold a few hundred queries");
        return (queries, expected);
    }

    [Theory]
    [MemberData(nameof(Scorers))]
    public void Scorer_ReproducesTheReferenceTop20_IdsAndOrder(ScorerKind kind)
    {
        var catalog = LoadCatalog();
        var (queries, expected) = LoadQueries();
        var rows = queries.Length;
        var vectors = new float[rows * catalog.Dimension];
        for (var r = 0; r < rows; r++)
        {
            Assert.Null(FeatureParser.TryParse(queries[r], catalog.Dimension, vectors.AsSpan(r * catalog.Dimension, catalog.Dimension)));
        }

        using var scorer = Create(kind, catalog);
        var indices = new int[rows * K];
        scorer.ScoreTopK(vectors, rows, K, indices, new float[rows * K]);

        for (var r = 0; r < rows; r++)
        {
            var ids = indices.AsSpan(r * K, K).ToArray().Select(i => catalog.ItemIds[i]);
            Assert.Equal(expected[r], string.Join(",", ids));
        }
    }

    [Theory]
    [MemberData(nameof(Scorers))]
    public async Task Pipeline_SeedRequestStrings_AnswerTheReferenceTop20(ScorerKind kind)
    {
        var catalog = LoadCatalog();
        var (queries, expected) = LoadQueries();
        using var scorer = Create(kind, catalog);
        var batching = new BatchingOptions { MaxBatchSize = 64, MaxBatchDelay = TimeSpan.FromMilliseconds(2) };
        using var settings = new LiveBatchingSettings(new TestOptionsMonitor<BatchingOptions>(batching), NullLogger<LiveBatchingSettings>.Instance);
        using var pipeline = new RecallPipeline(settings, Microsoft.Extensions.Options.Options.Create(new RecallOptions { DefaultTopK = K }), new ScorerSlot(), TimeProvider.System, NullLogger<RecallPipeline>.Instance);
        pipeline.Activate(scorer);

        var results = await Task.WhenAll(queries.Select(q => pipeline.SubmitAsync(new RecallRequest { FeatureText = q }))).DefaultTimeout();

        for (var r = 0; r < queries.Length; r++)
        {
            Assert.Equal(expected[r], string.Join(",", results[r].ItemIds));
        }
    }
}
