using FsCheck.Xunit;
using RsPipeline.Catalog.Formats;
using RsPipeline.Catalog.Formats.Npy;
using RsPipeline.TestSupport;
using RsPipeline.TestSupport.Reference;

namespace RsPipeline.Catalog.Tests;

public class NpyReaderTests
{
    private const string Name = "items.npy";

    [Fact]
    public void HandBuiltFloat32File_ReadsShapeAndValues()
    {
        var bytes = NpyBytes.File(NpyBytes.Dict("<f4", "(2, 3)"), NpyBytes.Float32(1, 2, 3, 4, 5, -6.5f));

        var matrix = Read(bytes);

        Assert.Equal((2, 3), (matrix.Rows, matrix.Columns));
        Assert.Equal([1, 2, 3, 4, 5, -6.5f], matrix.Values.ToArray());
        Assert.Equal("<f4", matrix.SourceDtype);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Version2And3Headers_AreRead(byte major)
    {
        var bytes = NpyBytes.File(NpyBytes.Dict("<f4", "(1, 2)"), NpyBytes.Float32(7, 8), major);

        var matrix = Read(bytes);

        Assert.Equal([7f, 8f], matrix.Values.ToArray());
    }

    [Theory]
    [InlineData("{\"descr\": \"<f4\", \"shape\": (1, 2), \"fortran_order\": False}")]
    [InlineData("{'descr':'<f4','fortran_order':False,'shape':(1L,2L)}    ")]
    public void HeaderInOtherPythonSpellings_IsRead(string header)
    {
        var matrix = Read(NpyBytes.File(header, NpyBytes.Float32(7, 8)));

        Assert.Equal((1, 2), (matrix.Rows, matrix.Columns));
    }

    [Property(MaxTest = 50)]
    public bool Float16File_IsWidenedToFloat32(byte rows, byte columns, int seed)
    {
        int r = (rows % 8) + 1, c = (columns % 8) + 1;
        var random = new Random(seed);
        var halves = Enumerable.Range(0, r * c).Select(_ => BitConverter.UInt16BitsToHalf((ushort)random.Next(ushort.MaxValue + 1))).ToArray();
        var bytes = NpyBytes.File(NpyBytes.Dict("<f2", $"({r}, {c})"), NpyBytes.Float16(halves));

        var matrix = Read(bytes);

        var expected = halves.Select(h => BitConverter.SingleToInt32Bits((float)h));
        return matrix.Rows == r && matrix.Columns == c && matrix.SourceDtype == "<f2"
            && matrix.Values.ToArray().Select(BitConverter.SingleToInt32Bits).SequenceEqual(expected);
    }

    [Fact]
    public void ReferenceCatalogue_MatchesValuesReadOutsideTheProject()
    {
        var matrix = NpyReader.Read(TestData.CatalogueNpy);

        Assert.Equal((5000, 32), (matrix.Rows, matrix.Columns));
        // Read with Python's struct module from the file's data bytes (little-endian float32).
        Assert.Equal(unchecked((int)0xc0294fab), BitConverter.SingleToInt32Bits(matrix.Values[0]));
        Assert.Equal(unchecked((int)0xbfef439d), BitConverter.SingleToInt32Bits(matrix.Values[1]));
        Assert.Equal(0.6080828905105591f, matrix.Values[2]);
        Assert.Equal(0.01257507223635912f, matrix.Values[(5000 * 32) - 1]);
    }

    [Fact]
    public void BadMagic_NamesFileAndMagic()
    {
        var bytes = NpyBytes.File(NpyBytes.Dict("<f4", "(1, 1)"), NpyBytes.Float32(1));
        bytes[1] = (byte)'X';

        var ex = ReadFails(bytes);

        Assert.Contains("magic", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyFile_IsRejectedAsNotNpy()
    {
        var ex = ReadFails([]);

        Assert.Contains("magic", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, 0, "4.0")]
    [InlineData(1, 1, "1.1")]
    [InlineData(0, 0, "0.0")]
    public void UnsupportedVersion_NamesVersion(byte major, byte minor, string version)
    {
        var bytes = NpyBytes.File(NpyBytes.Dict("<f4", "(1, 1)"), NpyBytes.Float32(1), major, minor);

        var ex = ReadFails(bytes);

        Assert.Contains($"version {version}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1.0, 2.0, 3.0", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), ")]
    [InlineData("'descr': '<f4', 'fortran_order': False, 'shape': (1, 1)}")]
    [InlineData("{'descr': '<f4' 'fortran_order': False, 'shape': (1, 1)}")]
    [InlineData("{'descr': '<f4, 'fortran_order': False, 'shape': (1, 1)}")]
    [InlineData("{'descr': '<f4', 'fortran_order': false, 'shape': (1, 1)}")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1)} extra")]
    [InlineData("{'descr': '<f4', 'shape': (1, 1)}")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), 'extra': 0}")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (1, 1)}")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 'a')}")]
    [InlineData("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1, 1)}")]
    [InlineData("")]
    public void MalformedHeaderDict_IsNamed(string header)
    {
        var ex = ReadFails(NpyBytes.File(header, NpyBytes.Float32(1)));

        Assert.Contains("malformed header dict", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderLongerThanFile_IsReported()
    {
        var bytes = NpyBytes.File(NpyBytes.Dict("<f4", "(1, 1)"), []);

        var ex = ReadFails(bytes[..20]);

        Assert.Contains("ends inside the header", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<f8")]
    [InlineData("<i4")]
    [InlineData("|f4")]
    [InlineData(">f4")]
    [InlineData("<f2 ")]
    public void UnsupportedDtype_NamesItAndWhatIsSupported(string dtype)
    {
        var ex = ReadFails(NpyBytes.File(NpyBytes.Dict(dtype, "(1, 1)"), new byte[8]));

        Assert.Contains($"unsupported dtype '{dtype}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'<f4'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'<f2'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StructuredDtype_IsUnsupported()
    {
        var header = "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1, 1), }";

        var ex = ReadFails(NpyBytes.File(header, NpyBytes.Float32(1)));

        Assert.Contains("unsupported dtype", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FortranOrder_IsRejected()
    {
        var ex = ReadFails(NpyBytes.File(NpyBytes.Dict("<f4", "(2, 2)", fortranOrder: true), NpyBytes.Float32(1, 2, 3, 4)));

        Assert.Contains("Fortran", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(4,)", 4, "1 dimension(s), shape (4,)")]
    [InlineData("(2, 2, 1)", 4, "3 dimension(s), shape (2, 2, 1)")]
    [InlineData("()", 1, "0 dimension(s), shape ()")]
    [InlineData("(0, 4)", 0, "shape (0, 4) is empty")]
    [InlineData("(4, 0)", 0, "shape (4, 0) is empty")]
    public void ShapeNotAnItemMatrix_NamesTheShape(string shape, int values, string expected)
    {
        var ex = ReadFails(NpyBytes.File(NpyBytes.Dict("<f4", shape), new byte[values * 4]));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShapeTooLargeForOneArray_IsRejected()
    {
        var ex = ReadFails(NpyBytes.File(NpyBytes.Dict("<f4", "(100000000, 100)"), []));

        Assert.Contains("too large", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedData_SaysExpectedAndActualBytes()
    {
        var ex = ReadFails(NpyBytes.File(NpyBytes.Dict("<f4", "(2, 3)"), NpyBytes.Float32(1, 2, 3, 4, 5)));

        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Contains("need 24 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("holds 20", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrailingBytes_AreRejected()
    {
        var ex = ReadFails(NpyBytes.File(NpyBytes.Dict("<f2", "(1, 2)"), new byte[5]));

        Assert.Contains("1 trailing byte(s)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("need 4 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedDataOnUnseekableStream_IsStillReported()
    {
        var bytes = NpyBytes.File(NpyBytes.Dict("<f4", "(2, 3)"), NpyBytes.Float32(1, 2, 3, 4, 5));
        using var stream = new UnseekableStream(bytes);

        var ex = Assert.Throws<CatalogLoadException>(() => NpyReader.Read(stream, Name));

        Assert.Contains("need 24 bytes of data, the file holds 20", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileOnDisk_ErrorNamesThePath()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("broken.npy", NpyBytes.File(NpyBytes.Dict("<f8", "(1, 1)"), new byte[8]));

        var ex = Assert.Throws<CatalogLoadException>(() => NpyReader.Read(path));

        Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
        Assert.Equal(path, ex.FilePath);
    }

    private static EmbeddingMatrix Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return NpyReader.Read(stream, Name);
    }

    private static CatalogLoadException ReadFails(byte[] bytes)
    {
        var ex = Assert.Throws<CatalogLoadException>(() => Read(bytes));
        Assert.StartsWith(Name + ": ", ex.Message, StringComparison.Ordinal);
        return ex;
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
