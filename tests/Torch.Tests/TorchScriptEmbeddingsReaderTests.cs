using Microsoft.Extensions.Logging.Abstractions;
using RsPipeline.Catalog;
using RsPipeline.TestSupport;
using RsPipeline.TestSupport.Reference;

namespace RsPipeline.Torch.Tests;

public class TorchScriptEmbeddingsReaderTests
{
    private static ItemCatalog Load(CatalogFormat format, string path, string? tensorName = null)
    {
        var loader = new CatalogLoader([new TorchScriptEmbeddingsReader(new TorchRuntime(NullLogger<TorchRuntime>.Instance))], NullLogger<CatalogLoader>.Instance);
        return loader.Load(new CatalogOptions { EmbeddingsPath = path, ItemIdsPath = Fixtures.ItemIds, Format = format, TensorName = tensorName });
    }

    [Fact]
    public void TorchScriptAndNpy_LoadToTheSameCatalogue()
    {
        var npy = Load(CatalogFormat.Npy, Fixtures.CatalogNpy);

        var torchScript = Load(CatalogFormat.TorchScript, Fixtures.CatalogTorchScript, "item_embeddings");

        Assert.Equal(npy.Embeddings.ToArray(), torchScript.Embeddings.ToArray());
        Assert.Equal(npy.ItemIds, torchScript.ItemIds);
        Assert.Equal(npy.Version, torchScript.Version);
    }

    [Fact]
    public void WithoutTensorName_AndTwoMatrices_AsksForTheName()
    {
        var error = Assert.Throws<CatalogLoadException>(() => Load(CatalogFormat.TorchScript, Fixtures.CatalogTorchScript));

        Assert.Equal(Fixtures.CatalogTorchScript, error.FilePath);
        Assert.Contains("Catalog:TensorName", error.Message, StringComparison.Ordinal);
        Assert.Contains("'item_embeddings'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'scale'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownTensorName_NamesTheFileAndWhatItHolds()
    {
        var error = Assert.Throws<CatalogLoadException>(() => Load(CatalogFormat.TorchScript, Fixtures.CatalogTorchScript, "embeddings"));

        Assert.StartsWith(Fixtures.CatalogTorchScript, error.Message, StringComparison.Ordinal);
        Assert.Contains("no buffer or parameter named 'embeddings'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileThatIsNotAModule_IsRefused()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("broken.pt", "not a zip archive");

        var error = Assert.Throws<CatalogLoadException>(() => Load(CatalogFormat.TorchScript, path, "item_embeddings"));

        Assert.Contains("not a loadable TorchScript module", error.Message, StringComparison.Ordinal);
    }
}
