using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Benchmarks.Scoring;

/// <summary>Seeded Gaussian embeddings, generated in memory (no data files).</summary>
internal static class SyntheticCatalog
{
    public static ItemCatalog Create(int count, int dimension, int seed)
    {
        var embeddings = Gaussian(count * dimension, seed);
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new ItemCatalog(embeddings, count, dimension, ids, $"synthetic-{seed}", $"gaussian N={count} d={dimension} seed={seed}");
    }

    public static float[] Gaussian(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            // Box-Muller.
            var u = 1.0 - random.NextDouble();
            var v = random.NextDouble();
            values[i] = (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
        }

        return values;
    }
}
