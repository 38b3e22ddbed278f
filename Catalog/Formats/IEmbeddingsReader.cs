namespace RsPipeline.Catalog.Formats;

/// <summary>
/// Reads the item matrix from one kind of catalogue file (<see cref="CatalogOptions.Format"/>).
/// The catalogue's own formats are built in; a host adds others (TorchScript, read through
/// LibTorch) by registering a reader, so the catalogue code never depends on them.
/// </summary>
public interface IEmbeddingsReader
{
    /// <summary>The <c>Catalog:Format</c> this reader serves.</summary>
    CatalogFormat Format { get; }

    /// <summary>Reads the matrix: the tensor <paramref name="tensorName"/>, or the file's only matrix when it is null (formats with one matrix ignore it).</summary>
    /// <exception cref="CatalogLoadException">The file is not usable; the message names it and the problem.</exception>
    EmbeddingMatrix Read(string path, string? tensorName);
}
