using System.Globalization;
using RsPipeline.Catalog.Formats.Npy;
using RsPipeline.Catalog.Synthetic;

namespace RsPipeline.LoadGeneration;

/// <summary>
/// Writes the deterministic benchmark catalogue: N × d standard normal float32 values from a seed
/// (the synthetic catalogue's generator, the same bytes on every machine) as .npy, and optionally
/// an id file (one id a line, "item-0", "item-1", …).
/// </summary>
public static class CatalogFiles
{
    /// <summary>Writes the .npy file (and the id file when <paramref name="idsPath"/> is given).</summary>
    public static void Write(string npyPath, int count, int dimension, ulong seed, string? idsPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(npyPath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        NpyWriter.Write(npyPath, SyntheticCatalog.Generate(count, dimension, seed), count, dimension);
        if (idsPath is not null)
        {
            using var writer = new StreamWriter(idsPath);
            for (var i = 0; i < count; i++)
            {
                writer.Write("item-");
                writer.WriteLine(i.ToString(CultureInfo.InvariantCulture));
            }
        }
    }
}
