using System.Globalization;
using RsPipeline.Catalog;
using RsPipeline.Catalog.Formats.Npy;
using RsPipeline.Catalog.Synthetic;

namespace RsPipeline.LoadGeneration.Verification;

/// <summary>The catalogue the server serves, held by the load generator to check its replies.</summary>
public sealed class ReferenceCatalog
{
    private readonly float[] _values;
    private readonly Dictionary<string, int>? _rowById;

    private ReferenceCatalog(float[] values, int count, int dimension, IReadOnlyList<string>? ids, string description)
    {
        _values = values;
        Count = count;
        Dimension = dimension;
        Description = description;
        if (ids is not null)
        {
            _rowById = new Dictionary<string, int>(count, StringComparer.Ordinal);
            for (var row = 0; row < ids.Count; row++)
            {
                _rowById[ids[row]] = row;
            }
        }
    }

    /// <summary>Items N.</summary>
    public int Count { get; }

    /// <summary>Dimension d.</summary>
    public int Dimension { get; }

    /// <summary>Where the catalogue came from, for reports.</summary>
    public string Description { get; }

    /// <summary>The values, row-major N × d.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>Loads a float32 or float16 .npy file and, optionally, its id file (else ids are row numbers).</summary>
    public static ReferenceCatalog Load(string embeddingsPath, string? idsPath)
    {
        var matrix = NpyReader.Read(embeddingsPath);
        var ids = idsPath is null ? null : ItemIdFile.Read(idsPath, matrix.Rows);
        return new ReferenceCatalog(matrix.DetachValues(), matrix.Rows, matrix.Columns, ids, Path.GetFileName(embeddingsPath));
    }

    /// <summary>The server's built-in synthetic catalogue (Catalog:SyntheticItemCount, SyntheticDimension, SyntheticSeed).</summary>
    public static ReferenceCatalog Synthetic(int count, int dimension, ulong seed) =>
        new(SyntheticCatalog.Generate(count, dimension, seed), count, dimension, null, SyntheticCatalog.VersionFor(count, dimension, seed));

    /// <summary>The row of item <paramref name="id"/>, or -1 when the catalogue has no such item.</summary>
    public int RowOf(string id)
    {
        if (_rowById is not null)
        {
            return _rowById.TryGetValue(id, out var row) ? row : -1;
        }

        return int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < Count ? index : -1;
    }
}
