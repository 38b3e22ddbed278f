using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using RsPipeline.Catalog;
using RsPipeline.Catalog.Synthetic;

namespace RsPipeline.Benchmarks.Scoring;

/// <summary>
/// <c>Benchmarks.dll loop SCORER N B ROUNDS</c>: times one scorer's ScoreTopK in a plain loop (not
/// BenchmarkDotNet), the same catalogue and queries as <see cref="ScoringBenchmarks"/>, and prints
/// the minimum and the median of ROUNDS calls after warm-up ones. Quick A/B checks of a kernel
/// change; quote the BenchmarkDotNet grid for figures.
/// </summary>
internal static class LoopTiming
{
    private const int Dimension = 64;
    private const int K = 100;

    public static void Run(TextWriter output, string scorer, int items, int batch, int rounds)
    {
        var catalog = new CatalogLoader(NullLogger<CatalogLoader>.Instance).Load(
            new CatalogOptions { SyntheticItemCount = items, SyntheticDimension = Dimension, SyntheticSeed = 42 });
        using var instance = ScorerKinds.Create(Enum.Parse<ScorerKind>(scorer), catalog);
        var queries = SyntheticCatalog.Generate(batch, Dimension, seed: 7);
        var indices = new int[batch * K];
        var scores = new float[batch * K];
        for (var i = 0; i < Math.Max(3, rounds / 4); i++)
        {
            instance.ScoreTopK(queries, batch, K, indices, scores);
        }

        var times = new double[rounds];
        for (var i = 0; i < rounds; i++)
        {
            var started = Stopwatch.GetTimestamp();
            instance.ScoreTopK(queries, batch, K, indices, scores);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"loop scorer={scorer} N={items} B={batch} rounds={rounds} min_ms={times[0]:F3} median_ms={times[rounds / 2]:F3}"));
    }
}
