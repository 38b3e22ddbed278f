using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using RsPipeline.Catalog.Synthetic;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Catalog;

namespace RsPipeline.Benchmarks.Scoring;

/// <summary>
/// One <see cref="IItemScorer.ScoreTopK"/> of <see cref="Batch"/> queries against a Gaussian
/// catalogue of <see cref="Items"/> × 64, k = 100; queries per second = Batch / (time per op).
/// A short in-process job (<see cref="ShortInProcessConfig"/>), so the whole grid runs in minutes on two cores:
/// <c>dotnet run -c Release --project perf/Benchmarks -- --filter *ScoringBenchmarks*</c>. The
/// environment narrows the grid (BenchmarkDotNet's filter does not see parameters):
/// <c>SCORING_SCORERS=Simd,SimdInt8Pass SCORING_ITEMS=1000000 SCORING_BATCHES=1,32</c>.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private const int Dimension = 64;
    private const int K = 100;

    private IItemScorer? _scorer;
    private float[] _queries = [];
    private int[] _indices = [];
    private float[] _scores = [];

    [ParamsSource(nameof(Scorers))]
    public ScorerKind Scorer { get; set; }

    [ParamsSource(nameof(ItemCounts))]
    public int Items { get; set; }

    [ParamsSource(nameof(Batches))]
    public int Batch { get; set; }

    public static IEnumerable<ScorerKind> Scorers => GridAxis.FromEnvironment("SCORING_SCORERS", Enum.Parse<ScorerKind>, Enum.GetValues<ScorerKind>());

    public static IEnumerable<int> ItemCounts => GridAxis.FromEnvironment("SCORING_ITEMS", ParseInt, [100_000, 1_000_000]);

    public static IEnumerable<int> Batches => GridAxis.FromEnvironment("SCORING_BATCHES", ParseInt, [1, 8, 32, 128, 512]);

    private static int ParseInt(string value) => int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

    [GlobalSetup]
    public void Setup()
    {
        // The server's own seeded generator: the same catalogue the server serves by default at this size.
        var catalog = new CatalogLoader(NullLogger<CatalogLoader>.Instance).Load(
            new CatalogOptions { SyntheticItemCount = Items, SyntheticDimension = Dimension, SyntheticSeed = 42 });
        _scorer = ScorerKinds.Create(Scorer, catalog);
        _queries = SyntheticCatalog.Generate(Batch, Dimension, seed: 7);
        _indices = new int[Batch * K];
        _scores = new float[Batch * K];
    }

    [GlobalCleanup]
    public void Cleanup() => _scorer?.Dispose();

    [Benchmark]
    public void ScoreTopK() => _scorer!.ScoreTopK(_queries, Batch, K, _indices, _scores);
}
