using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Testing;
using RsPipeline.Catalog.Formats.Npy;

namespace RsPipeline.Catalog.Tests;

/// <summary>
/// The catalogue's matrix is allocated on the pinned-object heap, so that the compacting collection
/// after a reload never copies the serving one. A small array reports a young generation when
/// allocated on the ordinary heap (0, or 1 should a collection come in between) and the oldest on
/// the pinned-object heap: the matrices here are below the large-object threshold (85,000 bytes),
/// so only pinning can put them there.
/// </summary>
public class CatalogMatrixTests
{
    private const int Items = 100;
    private const int Dimension = 64;

    [Fact]
    public void TheCheck_TellsAnOrdinarySmallArray_FromAPinnedOne()
    {
        Assert.NotEqual(GC.MaxGeneration, GC.GetGeneration(new float[Items * Dimension]));
        Assert.Equal(GC.MaxGeneration, GC.GetGeneration(CatalogMatrix.Allocate(Items * Dimension)));
    }

    [Fact]
    public void ACopy_IsPinnedAndEqual()
    {
        float[] values = [1f, -2f, 3.5f];

        var copy = CatalogMatrix.CopyOf(values);

        Assert.Equal(values, copy);
        Assert.Equal(GC.MaxGeneration, GC.GetGeneration(copy));
    }

    [Fact]
    public void TheSyntheticCatalogue_AndItsShards_ArePinned()
    {
        var whole = Load(new CatalogOptions { SyntheticItemCount = Items, SyntheticDimension = Dimension });
        var shard = Load(new CatalogOptions { SyntheticItemCount = Items, SyntheticDimension = Dimension, Shard = { Index = 1, Count = 2 } });

        Assert.Equal(GC.MaxGeneration, GC.GetGeneration(MatrixOf(whole)));
        Assert.Equal(GC.MaxGeneration, GC.GetGeneration(MatrixOf(shard)));
    }

    [Fact]
    public void AnNpyMatrix_IsPinned()
    {
        var data = new byte[Items * Dimension * sizeof(float)];
        var file = NpyBytes.File(NpyBytes.Dict("<f4", $"({Items}, {Dimension})"), data);

        var matrix = NpyReader.Read(new MemoryStream(file), "small.npy");

        Assert.Equal(GC.MaxGeneration, GC.GetGeneration(matrix.DetachValues()));
    }

    private static ItemCatalog Load(CatalogOptions options) => new CatalogLoader(new FakeLogger<CatalogLoader>()).Load(options);

    private static float[] MatrixOf(ItemCatalog catalog) =>
        MemoryMarshal.TryGetArray(catalog.Embeddings, out var segment) ? segment.Array! : throw new InvalidOperationException("not an array");
}
