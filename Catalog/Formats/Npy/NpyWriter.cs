using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace RsPipeline.Catalog.Formats.Npy;

/// <summary>
/// Writes a row-major float32 matrix as a NumPy <c>.npy</c> file: format 1.0, dtype
/// <c>&lt;f4</c>, C order, with the header laid out as <c>numpy.save</c> lays it out (room for the
/// first axis to grow, padded with spaces and a newline so the data starts at a multiple of 64).
/// </summary>
public static class NpyWriter
{
    private const int ChunkFloats = 1 << 22;

    /// <summary>Writes (creating or replacing) the file at <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The sizes disagree.</exception>
    public static void Write(string path, ReadOnlySpan<float> values, int rows, int columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        Write(stream, values, rows, columns);
    }

    /// <summary>Writes the file's bytes to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentException">The sizes disagree.</exception>
    public static void Write(Stream stream, ReadOnlySpan<float> values, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if ((long)rows * columns != values.Length)
        {
            throw new ArgumentException($"{values.Length} values for a {rows} × {columns} matrix", nameof(values));
        }

        stream.Write(Header(rows, columns));
        for (var start = 0; start < values.Length; start += ChunkFloats)
        {
            WriteChunk(stream, values.Slice(start, Math.Min(ChunkFloats, values.Length - start)));
        }
    }

    /// <summary>The preamble and padded header for a <paramref name="rows"/> × <paramref name="columns"/> float32 matrix.</summary>
    internal static byte[] Header(int rows, int columns)
    {
        var rowsText = rows.ToString(CultureInfo.InvariantCulture);
        var dict = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '{NpyFormat.Float32}', 'fortran_order': False, 'shape': ({rowsText}, {columns}), }}");
        dict += new string(' ', NpyFormat.GrowthAxisMaxDigits - rowsText.Length);
        var unpadded = NpyFormat.PreambleLength + 2 + dict.Length + 1;
        // As numpy: a header that is already aligned still gets a full 64 bytes of padding.
        var padding = NpyFormat.Alignment - (unpadded % NpyFormat.Alignment);
        var text = dict + new string(' ', padding) + "\n";

        var header = new byte[NpyFormat.PreambleLength + 2 + text.Length];
        NpyFormat.Magic.CopyTo(header);
        header[6] = 1;
        header[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(NpyFormat.PreambleLength), checked((ushort)text.Length));
        Encoding.Latin1.GetBytes(text, header.AsSpan(NpyFormat.PreambleLength + 2));
        return header;
    }

    private static void WriteChunk(Stream stream, ReadOnlySpan<float> chunk)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(chunk));
            return;
        }

        var swapped = MemoryMarshal.Cast<float, int>(chunk).ToArray();
        BinaryPrimitives.ReverseEndianness(swapped, swapped);
        stream.Write(MemoryMarshal.AsBytes(swapped.AsSpan()));
    }
}
