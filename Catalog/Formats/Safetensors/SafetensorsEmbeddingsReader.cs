namespace RsPipeline.Catalog.Formats.Safetensors;

/// <summary><c>Catalog:Format Safetensors</c>: one 2-D tensor of a safetensors file (<see cref="SafetensorsReader"/>).</summary>
internal sealed class SafetensorsEmbeddingsReader : IEmbeddingsReader
{
    public CatalogFormat Format => CatalogFormat.Safetensors;

    public EmbeddingMatrix Read(string path, string? tensorName) => SafetensorsReader.Read(path, tensorName);
}
