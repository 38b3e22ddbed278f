using System.Globalization;
using RsPipeline.Catalog;

namespace RsPipeline.TestSupport;

/// <summary>Small seeded catalogues and vectors for tests.</summary>
public static class TestCatalogs
{
    /// <summary>A Gaussian catalogue whose ids are <c>item-0</c>, <c>item-1</c>, ….</summary>
    public static ItemCatalog Gaussian(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        var data = new float[count * dimension];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)NextGaussian(random);
        }

        var ids = Enumerable.Range(0, count).Select(i => $"item-{i}").ToArray();
        return new ItemCatalog(data, count, dimension, ids, $"test-{count}x{dimension}-{seed}", "test");
    }

    /// <summary>A uniform (or small-integer) catalogue whose ids are the row numbers.</summary>
    public static ItemCatalog Create(int count, int dimension, bool integral, int seed) =>
        FromArray(Values(count * dimension, integral, new Random(seed)), count, dimension);

    /// <summary>A catalogue over <paramref name="embeddings"/> whose ids are the row numbers.</summary>
    public static ItemCatalog FromArray(float[] embeddings, int count, int dimension)
    {
        var ids = Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        return new ItemCatalog(embeddings, count, dimension, ids, "test", "TestCatalogs");
    }

    /// <summary>
    /// Uniform values in [-1, 1), or with <paramref name="integral"/> integers in -3..3, which keep every
    /// partial sum exact in float32 (|sum| ≤ 9·d), so ties are real ties.
    /// </summary>
    public static float[] Values(int length, bool integral, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = integral ? random.Next(-3, 4) : (random.NextSingle() * 2) - 1;
        }

        return values;
    }

    /// <summary>A Gaussian vector.</summary>
    public static float[] Vector(int dimension, Random random) =>
        Enumerable.Range(0, dimension).Select(_ => (float)NextGaussian(random)).ToArray();

    /// <summary>A standard normal sample (Box–Muller).</summary>
    public static double NextGaussian(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
