using Microsoft.Extensions.Logging.Abstractions;
using RsPipeline.TestSupport;
using RsPipeline.TestSupport.Reference;

namespace RsPipeline.Catalog.Tests;

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
    public void NpyAndSafetensors_LoadToTheSameCatalogue()
    {
        var npy = Load(CatalogFormat.Npy, Fixtures.CatalogNpy);
        var safetensors = Load(CatalogFormat.Safetensors, Fixtures.CatalogSafetensors, "item_embeddings");

        Assert.Equal((Fixtures.Items, Fixtures.Dimension), (npy.Count, npy.Dimension));
        Assert.Equal(npy.Embeddings.ToArray(), safetensors.Embeddings.ToArray());
        Assert.Equal(npy.ItemIds, safetensors.ItemIds);
        Assert.Equal(npy.Version, safetensors.Version);
        Assert.Equal("sku-0000", npy.ItemIds[0]);
    }

    [Fact]
    public void AFormatWithoutAReader_IsRefusedNamingTheKey()
    {
        var error = Assert.Throws<CatalogLoadException>(() => Load(CatalogFormat.TorchScript, Fixtures.CatalogTorchScript, "item_embeddings"));

        Assert.Equal(Fixtures.CatalogTorchScript, error.FilePath);
        Assert.Equal("Catalog:Format TorchScript needs a reader this host does not have", error.Problem);
    }

    [Fact]
    public void AReaderGivenToTheLoader_ServesItsFormat_WithTheTensorName()
    {
        var reader = new RecordingReader(CatalogFormat.TorchScript, new Formats.EmbeddingMatrix([1, 2, 3, 4, 5, 6], 3, 2, "test"));
        var loader = new CatalogLoader([reader], NullLogger<CatalogLoader>.Instance);

        var catalog = loader.Load(new CatalogOptions { EmbeddingsPath = "/models/towers.pt", Format = CatalogFormat.TorchScript, TensorName = "item_embeddings" });

        Assert.Equal(("/models/towers.pt", "item_embeddings"), reader.Asked);
        Assert.Equal((3, 2), (catalog.Count, catalog.Dimension));
        Assert.Equal([3f, 4f], catalog.Row(1).ToArray());
        Assert.Equal(["0", "1", "2"], catalog.ItemIds);
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

    private sealed class RecordingReader(CatalogFormat format, Formats.EmbeddingMatrix matrix) : Formats.IEmbeddingsReader
    {
        public (string Path, string? TensorName) Asked { get; private set; }

        public CatalogFormat Format => format;

        public Formats.EmbeddingMatrix Read(string path, string? tensorName)
        {
            Asked = (path, tensorName);
            return matrix;
        }
    }
}
