using System.Globalization;
using RsPipeline.Catalog;
using RsPipeline.Catalog.Synthetic;
using RsPipeline.Pipeline.Inference.Simd;
using RsPipeline.Pipeline.Inference.SimdInt8;

namespace RsPipeline.Benchmarks.Scoring;

/// <summary>
/// How tight SimdInt8's bound is: the mean (and least, most) candidates per query its int8 pass keeps
/// for the exact re-rank, k = 100, d = 64, on the seeded Gaussian catalogue and on skewed ones (each
/// row scaled by exp(σ·z), z standard normal: log-normal norms, as real embeddings have), with the
/// memory the int8 copy adds and the time quantizing took. <c>dotnet Benchmarks.dll candidates</c>.
/// </summary>
internal static class CandidateReport
{
    private const int Dimension = 64;
    private const int K = 100;
    private const int Queries = 64;
    private const ulong CatalogSeed = 42;
    private const ulong QuerySeed = 7;
    private const int SkewSeed = 11;

    private static readonly int[] ItemCounts = [100_000, 1_000_000];
    private static readonly double[] Sigmas = [0, 0.5, 1.0];

    public static void Run(TextWriter output)
    {
        output.WriteLine("| N | catalogue | mean candidates / query | least | most | int8 copy MB | quantizing ms |");
        output.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        var queries = SyntheticCatalog.Generate(Queries, Dimension, QuerySeed);
        foreach (var count in ItemCounts)
        {
            foreach (var sigma in Sigmas)
            {
                var catalog = Skewed(count, sigma);
                using var scorer = new SimdInt8Scorer(catalog, new SimdScorerOptions { Int8MaxBatch = 0 });
                scorer.ScoreTopK(queries, Queries, K, new int[Queries * K], new float[Queries * K]);
                var counts = Enumerable.Range(0, Queries).Select(scorer.RerankedCount).ToArray();
                var name = sigma == 0 ? "Gaussian" : string.Create(CultureInfo.InvariantCulture, $"log-normal norms, σ = {sigma}");
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {count:N0} | {name} | {counts.Average():F0} | {counts.Min()} | {counts.Max()} | {scorer.QuantizedBytes / 1e6:F1} | {scorer.QuantizationTime.TotalMilliseconds:F0} |"));
            }
        }
    }

    private static ItemCatalog Skewed(int count, double sigma)
    {
        var rows = SyntheticCatalog.Generate(count, Dimension, CatalogSeed);
        if (sigma > 0)
        {
            var random = new Random(SkewSeed);
            for (var i = 0; i < count; i++)
            {
                var scale = (float)Math.Exp(sigma * Gaussian(random));
                foreach (ref var value in rows.AsSpan(i * Dimension, Dimension))
                {
                    value *= scale;
                }
            }
        }

        var ids = Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        return new ItemCatalog(rows, count, Dimension, ids, "candidates", "synthetic");
    }

    // Box–Muller.
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
