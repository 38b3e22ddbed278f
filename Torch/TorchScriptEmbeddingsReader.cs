using RsPipeline.Catalog;
using RsPipeline.Catalog.Formats;

namespace RsPipeline.Torch;

/// <summary><c>Catalog:Format TorchScript</c>: a buffer or parameter of a saved TorchScript module (<see cref="TorchScriptTensorReader"/>).</summary>
internal sealed class TorchScriptEmbeddingsReader(TorchRuntime runtime) : IEmbeddingsReader
{
    public CatalogFormat Format => CatalogFormat.TorchScript;

    public EmbeddingMatrix Read(string path, string? tensorName)
    {
        runtime.EnsureLoaded("a TorchScript catalogue");
        return TorchScriptTensorReader.Read(path, tensorName);
    }
}
