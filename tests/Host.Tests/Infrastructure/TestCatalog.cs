using System.Globalization;
using RsPipeline.Catalog.Formats.Npy;
using RsPipeline.TestSupport.Reference;

namespace RsPipeline.Host.Tests.Infrastructure;

/// <summary>
/// The catalogue the test server serves, written by the test as a .npy file so that the test knows
/// every embedding: item ids are the row indices ("0", "1", ...), the default when no ids file is given.
/// </summary>
public sealed class TestCatalog : IDisposable
{
    public const int Count = 2000;
    public const int Dimension = 16;

    private readonly string _directory;

    public TestCatalog(int seed = 1234)
    {
        var random = new Random(seed);
        Embeddings = new float[Count * Dimension];
        for (var i = 0; i < Embeddings.Length; i++)
        {
            Embeddings[i] = (random.NextSingle() * 2f) - 1f;
        }

        _directory = Directory.CreateTempSubdirectory("rspipeline-host-tests-").FullName;
        EmbeddingsPath = Path.Combine(_directory, "items.npy");
        NpyWriter.Write(EmbeddingsPath, Embeddings, Count, Dimension);
    }

    public float[] Embeddings { get; }

    public string EmbeddingsPath { get; }

    /// <summary>A user vector whose values are exact in float32 text round trips.</summary>
    public static float[] Query(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, Dimension).Select(_ => (random.NextSingle() * 2f) - 1f).ToArray();
    }

    /// <summary>The seed's text form: "R" round-trips every float32 exactly.</summary>
    public static string ToText(float[] vector, string separator = ",") =>
        string.Join(separator, vector.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>Asserts that <paramref name="ids"/> is the exact top-k (within float32 tolerance) of the catalogue less <paramref name="excluded"/>.</summary>
    public void AssertTopK(float[] query, IReadOnlyList<string> ids, int k, IReadOnlyCollection<string>? excluded = null)
    {
        var kept = Enumerable.Range(0, Count)
            .Where(i => excluded is null || !excluded.Contains(i.ToString(CultureInfo.InvariantCulture)))
            .ToArray();
        var items = kept.SelectMany(i => Embeddings.AsSpan(i * Dimension, Dimension).ToArray()).ToArray();
        var position = kept.Select((row, index) => (row, index)).ToDictionary(p => p.row, p => p.index);
        var actual = ids.Select(id => position.TryGetValue(int.Parse(id, CultureInfo.InvariantCulture), out var p) ? p : -1).ToArray();
        TopKAssert.IsExactTopK(query, items, kept.Length, Dimension, actual, k);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
