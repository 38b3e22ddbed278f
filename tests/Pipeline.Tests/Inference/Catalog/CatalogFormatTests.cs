using Microsoft.Extensions.Logging.Abstractions;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Inference.Catalog;
using RsPipeline.Pipeline.Tests.Reference;

namespace RsPipeline.Pipeline.Tests.Inference.Catalog;

public class CatalogFormatTests
{
    private static ItemCatalog Load(CatalogFormat format, string path, string? tensorName = null) =>
        new CatalogLoader(NullLogger<CatalogLoader>.Instance).Load(new CatalogOptions
        {
            EmbeddingsPath = path,
            ItemIdsPath = Fixtures.ItemIds,
            Format = format,
            TensorName = tensorName,
        });

    [Fact]
    public void NpyTorchScriptAndSafetensors_LoadToTheSameCatalogue()
    {
        var npy = Load(CatalogFormat.Npy, Fixtures.CatalogNpy);
        var torchScript = Load(CatalogFormat.TorchScript, Fixtures.CatalogTorchScript, "item_embeddings");
        var safetensors = Load(CatalogFormat.Safetensors, Fixtures.CatalogSafetensors, "item_embeddings");

        Assert.Equal((Fixtures.Items, Fixtures.Dimension), (npy.Count, npy.Dimension));
        foreach (var other in new[] { torchScript, safetensors })
        {
            Assert.Equal(npy.Embeddings.ToArray(), other.Embeddings.ToArray());
            Assert.Equal(npy.ItemIds, other.ItemIds);
            Assert.Equal(npy.Version, other.Version);
        }

        Assert.Equal("sku-0000", npy.ItemIds[0]);
    }

    [Fact]
    public void SafetensorsFloat16_IsWidenedWithinHalfPrecision()
    {
        var npy = Load(CatalogFormat.Npy, Fixtures.CatalogNpy);

        var half = Load(CatalogFormat.Safetensors, Fixtures.CatalogSafetensors, "item_embeddings_f16");

        var expected = npy.Embeddings.ToArray();
        var actual = half.Embeddings.ToArray();
        Assert.All(expected.Zip(actual), p => Assert.True(Math.Abs(p.First - p.Second) <= 2e-3f * Math.Max(1f, Math.Abs(p.First)), $"{p.First} vs {p.Second}"));
    }

    [Fact]
    public void TorchScript_WithoutTensorName_AndTwoMatrices_AsksForTheName()
    {
        var error = Assert.Throws<CatalogLoadException>(() => Load(CatalogFormat.TorchScript, Fixtures.CatalogTorchScript));

        Assert.Equal(Fixtures.CatalogTorchScript, error.FilePath);
        Assert.Contains("Catalog:TensorName", error.Message, StringComparison.Ordinal);
        Assert.Contains("'item_embeddings'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'scale'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TorchScript_UnknownTensorName_NamesTheFileAndWhatItHolds()
    {
        var error = Assert.Throws<CatalogLoadException>(() => Load(CatalogFormat.TorchScript, Fixtures.CatalogTorchScript, "embeddings"));

        Assert.StartsWith(Fixtures.CatalogTorchScript, error.Message, StringComparison.Ordinal);
        Assert.Contains("no buffer or parameter named 'embeddings'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TorchScript_FileThatIsNotAModule_IsRefused()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("broken.pt", "not a zip archive");

        var error = Assert.Throws<CatalogLoadException>(() => Load(CatalogFormat.TorchScript, path, "item_embeddings"));

        Assert.Contains("not a loadable TorchScript module", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Safetensors_Truncated_IsRefusedNamingTheFile()
    {
        using var directory = new TemporaryDirectory();
        var bytes = File.ReadAllBytes(Fixtures.CatalogSafetensors);
        var path = directory.File("cut.safetensors", bytes[..(bytes.Length - 100)]);

        var error = Assert.Throws<CatalogLoadException>(() => Load(CatalogFormat.Safetensors, path, "item_embeddings_f16"));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("\u0010\u0000\u0000\u0000\u0000\u0000\u0000\u0000{\"a\": 1}      ")]
    public void Safetensors_BadHeader_IsRefused(string content)
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("bad.safetensors", content);

        var error = Assert.Throws<CatalogLoadException>(() => Load(CatalogFormat.Safetensors, path));

        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public void Safetensors_WithoutTensorName_AndTwoMatrices_AsksForTheName()
    {
        var error = Assert.Throws<CatalogLoadException>(() => Load(CatalogFormat.Safetensors, Fixtures.CatalogSafetensors));

        Assert.Contains("Catalog:TensorName", error.Message, StringComparison.Ordinal);
        Assert.Contains("'item_embeddings_f16' F16[300, 8]", error.Message, StringComparison.Ordinal);
    }
}
