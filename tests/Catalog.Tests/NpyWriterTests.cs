using FsCheck.Xunit;
using RsPipeline.Catalog.Formats.Npy;
using RsPipeline.TestSupport;
using RsPipeline.TestSupport.Reference;

namespace RsPipeline.Catalog.Tests;

public class NpyWriterTests
{
    [Property(MaxTest = 100)]
    public bool WriteThenRead_RoundTripsEveryBit(byte rows, byte columns, int seed)
    {
        int r = (rows % 17) + 1, c = (columns % 17) + 1;
        var random = new Random(seed);
        var values = Enumerable.Range(0, r * c).Select(_ => BitConverter.Int32BitsToSingle(random.Next() ^ (random.Next(2) << 31))).ToArray();
        using var stream = new MemoryStream();

        NpyWriter.Write(stream, values, r, c);
        stream.Position = 0;
        var matrix = NpyReader.Read(stream, "round-trip.npy");

        return matrix.Rows == r && matrix.Columns == c
            && matrix.Values.ToArray().Select(BitConverter.SingleToInt32Bits).SequenceEqual(values.Select(BitConverter.SingleToInt32Bits));
    }

    [Property(MaxTest = 100)]
    public bool AnyShape_DataStartsAtMultipleOf64(int rows, int columns)
    {
        var header = NpyWriter.Header((rows & int.MaxValue) | 1, (columns & int.MaxValue) | 1);

        return header.Length % 64 == 0 && header[^1] == (byte)'\n';
    }

    [Fact]
    public void ReferenceCatalogue_IsWrittenByteForByteAsNumpyWroteIt()
    {
        var original = File.ReadAllBytes(TestData.CatalogueNpy);
        var matrix = NpyReader.Read(TestData.CatalogueNpy);
        using var stream = new MemoryStream();

        NpyWriter.Write(stream, matrix.Values, matrix.Rows, matrix.Columns);

        Assert.Equal(original, stream.ToArray());
    }

    [Fact]
    public void FileOnDisk_IsReplacedAndReadable()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("out.npy", "not an npy file, to be replaced");

        NpyWriter.Write(path, [1f, 2f, 3f, 4f], 2, 2);

        Assert.Equal([1f, 2f, 3f, 4f], NpyReader.Read(path).Values.ToArray());
    }

    [Fact]
    public void SizesDisagree_Throws()
    {
        using var stream = new MemoryStream();

        Assert.Throws<ArgumentException>(() => NpyWriter.Write(stream, [1f, 2f, 3f], 2, 2));
    }
}
