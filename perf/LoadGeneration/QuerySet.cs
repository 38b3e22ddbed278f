using System.Globalization;
using System.Text;
using RsPipeline.Catalog.Synthetic;

namespace RsPipeline.LoadGeneration;

/// <summary>
/// The query vectors a run cycles through: standard normal values from a seeded generator (the
/// same as the synthetic catalogue's), so a seed gives the same queries everywhere. The seed API's
/// text is formatted once, with round-trip precision, so the server parses exactly these floats.
/// </summary>
public sealed class QuerySet
{
    private readonly float[] _values;
    private readonly string[] _texts;

    private QuerySet(float[] values, int count, int dimension)
    {
        _values = values;
        Count = count;
        Dimension = dimension;
        _texts = new string[count];
        for (var i = 0; i < count; i++)
        {
            _texts[i] = Format(Vector(i));
        }
    }

    /// <summary>Number of distinct queries.</summary>
    public int Count { get; }

    /// <summary>Values per query.</summary>
    public int Dimension { get; }

    /// <summary>Generates <paramref name="count"/> queries of <paramref name="dimension"/> values from <paramref name="seed"/>.</summary>
    public static QuerySet Generate(int count, int dimension, ulong seed) =>
        new(SyntheticCatalog.Generate(count, dimension, seed), count, dimension);

    /// <summary>Query <paramref name="index"/>'s values.</summary>
    public ReadOnlySpan<float> Vector(int index) => _values.AsSpan(index * Dimension, Dimension);

    /// <summary>Query <paramref name="index"/> as the seed contract's text.</summary>
    public string Text(int index) => _texts[index];

    /// <summary>Comma-separated, round-trip formatted (the shortest text that parses back to the same float).</summary>
    public static string Format(ReadOnlySpan<float> vector)
    {
        var text = new StringBuilder(vector.Length * 12);
        for (var i = 0; i < vector.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(vector[i].ToString("R", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
