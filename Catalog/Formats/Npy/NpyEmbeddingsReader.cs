namespace RsPipeline.Catalog.Formats.Npy;

/// <summary><c>Catalog:Format Npy</c>: a 2-D NumPy file (<see cref="NpyReader"/>).</summary>
internal sealed class NpyEmbeddingsReader : IEmbeddingsReader
{
    public CatalogFormat Format => CatalogFormat.Npy;

    public EmbeddingMatrix Read(string path, string? tensorName) => NpyReader.Read(path);
}
