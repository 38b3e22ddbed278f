using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RsPipeline.Catalog.Formats.Npy;
using RsPipeline.Catalog.Synthetic;
using RsPipeline.TestSupport;
using RsPipeline.TestSupport.Reference;

namespace RsPipeline.Catalog.Tests;

public class CatalogLoaderTests
{
    private readonly FakeLogger<CatalogLoader> _logger = new();

    [Fact]
    public void ReferenceCatalogue_LoadsWithItsIds()
    {
        var options = new CatalogOptions { EmbeddingsPath = TestData.CatalogueNpy, ItemIdsPath = TestData.ItemIds };

        var catalog = Load(options);

        Assert.Equal((5000, 32), (catalog.Count, catalog.Dimension));
        Assert.Equal("sku-00000", catalog.ItemIds[0]);
        Assert.Equal("sku-04999", catalog.ItemIds[4999]);
        Assert.Equal(-2.6454875469207764f, catalog.Row(0)[0]);
        Assert.Equal(0.01257507223635912f, catalog.Row(4999)[31]);
        Assert.Matches("^[0-9a-f]{12}$", catalog.Version);
        Assert.Contains(TestData.CatalogueNpy, catalog.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LogsSourceCountDimensionVersionAndTime()
    {
        var catalog = Load(new CatalogOptions { EmbeddingsPath = TestData.CatalogueNpy });

        var record = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Name == "CatalogLoaded");
        Assert.Equal(LogLevel.Information, record.Level);
        var state = record.StructuredState!.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(TestData.CatalogueNpy, state["Source"]);
        Assert.Equal("5000", state["ItemCount"]);
        Assert.Equal("32", state["Dimension"]);
        Assert.Equal(catalog.Version, state["CatalogVersion"]);
        Assert.True(state.ContainsKey("ElapsedMilliseconds"));
    }

    [Fact]
    public void ContentVersion_IsStableAndFollowsTheIds()
    {
        var withRowNumbers = Load(new CatalogOptions { EmbeddingsPath = TestData.CatalogueNpy });
        var again = Load(new CatalogOptions { EmbeddingsPath = TestData.CatalogueNpy });
        var withSkus = Load(new CatalogOptions { EmbeddingsPath = TestData.CatalogueNpy, ItemIdsPath = TestData.ItemIds });

        Assert.Equal(withRowNumbers.Version, again.Version);
        Assert.NotEqual(withRowNumbers.Version, withSkus.Version);
        Assert.Equal("0", withRowNumbers.ItemIds[0]);
    }

    [Fact]
    public void ConfiguredVersion_IsUsed()
    {
        var catalog = Load(new CatalogOptions { EmbeddingsPath = TestData.CatalogueNpy, Version = "spring-2026" });

        Assert.Equal("spring-2026", catalog.Version);
    }

    [Fact]
    public void NoEmbeddingsPath_GivesTheDefaultSyntheticCatalogue()
    {
        var catalog = Load(new CatalogOptions());

        Assert.Equal((100_000, 64), (catalog.Count, catalog.Dimension));
        Assert.Equal("synthetic-100000x64-seed42", catalog.Version);
        Assert.Equal("synthetic-100000x64-seed42", catalog.Source);
        Assert.Equal(["0", "1", "2"], catalog.ItemIds.Take(3));
        Assert.Equal("99999", catalog.ItemIds[^1]);
        Assert.Equal(SyntheticCatalog.Generate(2, 3, 42), catalog.Embeddings[..6].ToArray());
    }

    [Fact]
    public void Float16File_LoadsWidened()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("half.npy", NpyBytes.File(NpyBytes.Dict("<f2", "(2, 2)"), NpyBytes.Float16((Half)1.5f, (Half)(-2f), (Half)0.25f, (Half)65504f)));

        var catalog = Load(new CatalogOptions { EmbeddingsPath = path });

        Assert.Equal([1.5f, -2f, 0.25f, 65504f], catalog.Embeddings.ToArray());
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Name == "CatalogWidened");
    }

    [Fact]
    public void NonFiniteValue_IsRejectedNamingFileRowAndColumn()
    {
        using var directory = new TemporaryDirectory();
        var values = new float[12];
        values[7] = float.PositiveInfinity;
        var path = Path.Combine(directory.Path, "inf.npy");
        NpyWriter.Write(path, values, 4, 3);

        var ex = Assert.Throws<CatalogLoadException>(() => Load(new CatalogOptions { EmbeddingsPath = path }));

        Assert.StartsWith($"{path}: embedding at row 2, column 1 is ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IdCountMismatch_NamesTheIdFile()
    {
        using var directory = new TemporaryDirectory();
        var ids = directory.File("ids.txt", "a\nb\n");

        var ex = Assert.Throws<CatalogLoadException>(() => Load(new CatalogOptions { EmbeddingsPath = TestData.CatalogueNpy, ItemIdsPath = ids }));

        Assert.Equal(ids, ex.FilePath);
        Assert.Contains("2 item ids but the embeddings have 5000 rows", ex.Message, StringComparison.Ordinal);
    }

    private ItemCatalog Load(CatalogOptions options) => new CatalogLoader(_logger).Load(options);
}
