using System.Globalization;
using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Pipeline.Tests.Inference.Scoring;

internal static class TestCatalogs
{
    public static ItemCatalog Create(int count, int dimension, bool integral, int seed) =>
        FromArray(Values(count * dimension, integral, new Random(seed)), count, dimension);

    public static ItemCatalog FromArray(float[] embeddings, int count, int dimension)
    {
        var ids = Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        return new ItemCatalog(embeddings, count, dimension, ids, "test", "TestCatalogs");
    }

    // Integers in -3..3 keep every partial sum exact in float32 (|sum| ≤ 9·d), so ties are real ties.
    public static float[] Values(int length, bool integral, Random random)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = integral ? random.Next(-3, 4) : (random.NextSingle() * 2) - 1;
        }

        return values;
    }
}
