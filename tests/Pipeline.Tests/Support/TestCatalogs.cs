using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Pipeline.Tests.Support;

/// <summary>Small seeded catalogues for tests; ids are "item-{row}".</summary>
public static class TestCatalogs
{
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

    public static float[] Vector(int dimension, Random random) =>
        Enumerable.Range(0, dimension).Select(_ => (float)NextGaussian(random)).ToArray();

    public static double NextGaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
