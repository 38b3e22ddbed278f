using System.Buffers.Binary;
using System.Text;

namespace RsPipeline.Catalog.Formats.Npy;

/// <summary>
/// Reads and checks an <c>.npy</c> preamble and header dict (numpy/lib/format.py, versions 1.0,
/// 2.0 and 3.0), accepting only what <see cref="NpyReader"/> can turn into a float32 matrix.
/// </summary>
internal static class NpyHeaderReader
{
    private static readonly string[] RequiredKeys = ["descr", "fortran_order", "shape"];

    /// <summary>Reads the header; the stream is left at the first data byte.</summary>
    /// <exception cref="CatalogLoadException">The header is not one we accept; the message says why.</exception>
    public static NpyHeader Read(Stream stream, string fileName)
    {
        Span<byte> preamble = stackalloc byte[NpyFormat.PreambleLength + 4];
        var got = stream.ReadAtLeast(preamble[..NpyFormat.PreambleLength], NpyFormat.PreambleLength, throwOnEndOfStream: false);
        if (got < NpyFormat.PreambleLength || !preamble[..NpyFormat.Magic.Length].SequenceEqual(NpyFormat.Magic))
        {
            throw new CatalogLoadException(fileName, "not a NumPy .npy file: it does not start with the magic bytes \\x93NUMPY");
        }

        int major = preamble[6], minor = preamble[7];
        if (major is < 1 or > 3 || minor != 0)
        {
            throw new CatalogLoadException(fileName, $"unsupported .npy format version {major}.{minor}; supported: 1.0, 2.0, 3.0");
        }

        var lengthSize = major == 1 ? 2 : 4;
        var lengthBytes = preamble.Slice(NpyFormat.PreambleLength, lengthSize);
        if (stream.ReadAtLeast(lengthBytes, lengthSize, throwOnEndOfStream: false) < lengthSize)
        {
            throw new CatalogLoadException(fileName, "file ends inside the header length field");
        }

        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        var text = ReadHeaderText(stream, fileName, major, headerLength);
        return Interpret(fileName, major, text);
    }

    private static string ReadHeaderText(Stream stream, string fileName, int major, long headerLength)
    {
        // A 2-D float header is ~120 bytes; refuse absurd lengths rather than allocate them.
        const int MaxHeaderLength = 1 << 20;
        if (headerLength > MaxHeaderLength)
        {
            throw new CatalogLoadException(fileName, $"header length {headerLength} bytes is implausibly large (limit {MaxHeaderLength})");
        }

        var bytes = new byte[headerLength];
        var got = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (got < bytes.Length)
        {
            throw new CatalogLoadException(fileName, $"file ends inside the header: header length says {headerLength} bytes, only {got} present");
        }

        // Versions 1 and 2 are latin-1; version 3 allows UTF-8 (format.py).
        var encoding = major == 3 ? Encoding.UTF8 : Encoding.Latin1;
        return encoding.GetString(bytes);
    }

    private static NpyHeader Interpret(string fileName, int major, string text)
    {
        Dictionary<string, object?> dict;
        try
        {
            dict = PythonLiteralParser.ParseDict(text);
        }
        catch (FormatException ex)
        {
            throw new CatalogLoadException(fileName, $"malformed header dict ({ex.Message})", ex);
        }

        var keys = string.Join(", ", dict.Keys.Order(StringComparer.Ordinal));
        if (dict.Count != RequiredKeys.Length || !RequiredKeys.All(dict.ContainsKey))
        {
            throw new CatalogLoadException(fileName, $"malformed header dict: keys must be exactly descr, fortran_order, shape; found {keys}");
        }

        var descr = CheckDescr(fileName, dict["descr"]);
        var fortranOrder = dict["fortran_order"] as bool? ?? throw new CatalogLoadException(
            fileName, $"malformed header dict: fortran_order must be True or False, was {PythonLiteralParser.Format(dict["fortran_order"])}");
        if (fortranOrder)
        {
            throw new CatalogLoadException(fileName, "array is stored in Fortran (column-major) order; only C order (fortran_order False) is supported");
        }

        var shape = CheckShape(fileName, dict["shape"]);
        return new NpyHeader(major, descr, shape);
    }

    private static string CheckDescr(string fileName, object? value)
    {
        if (value is string descr and (NpyFormat.Float32 or NpyFormat.Float16))
        {
            return descr;
        }

        throw new CatalogLoadException(fileName, $"unsupported dtype {PythonLiteralParser.Format(value)}; supported: {NpyFormat.SupportedDtypes}");
    }

    private static long[] CheckShape(string fileName, object? value)
    {
        if (value is not List<object?> items || !items.TrueForAll(i => i is long))
        {
            throw new CatalogLoadException(fileName, $"malformed header dict: shape must be a tuple of integers, was {PythonLiteralParser.Format(value)}");
        }

        var shape = items.Cast<long>().ToArray();
        var shapeText = PythonLiteralParser.Format(items);
        if (shape.Length != 2)
        {
            throw new CatalogLoadException(fileName, $"array has {shape.Length} dimension(s), shape {shapeText}; a catalogue must be 2-D (items, dimension)");
        }

        if (shape[0] < 1 || shape[1] < 1)
        {
            throw new CatalogLoadException(fileName, $"shape {shapeText} is empty; a catalogue needs at least one item and one dimension");
        }

        if (shape[0] > int.MaxValue || shape[0] * (double)shape[1] > Array.MaxLength)
        {
            throw new CatalogLoadException(fileName, $"shape {shapeText} is too large: at most {Array.MaxLength} values fit in one matrix");
        }

        return shape;
    }
}
