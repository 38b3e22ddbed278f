using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace RsPipeline.Catalog.Formats.Npy;

/// <summary>
/// Reads a 2-D float matrix from a NumPy <c>.npy</c> file (format versions 1.0, 2.0, 3.0): dtype
/// <c>&lt;f4</c> read straight into the result, or <c>&lt;f2</c> widened to float32; C order only.
/// Every problem is a <see cref="CatalogLoadException"/> naming the file and what is wrong.
/// </summary>
public static class NpyReader
{
    // Reads go in pieces so no span's byte length overflows an int, whatever the matrix size.
    private const int ChunkFloats = 1 << 22;

    /// <summary>Reads the matrix in the file at <paramref name="path"/>.</summary>
    /// <exception cref="CatalogLoadException">The file is not a matrix we accept; the message names it and the problem.</exception>
    public static EmbeddingMatrix Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        return Read(stream, path);
    }

    /// <summary>Reads the matrix from <paramref name="stream"/>, reading it to its end.</summary>
    /// <param name="stream">Positioned at the magic bytes.</param>
    /// <param name="fileName">Names the source in error messages.</param>
    /// <exception cref="CatalogLoadException">The content is not a matrix we accept.</exception>
    public static EmbeddingMatrix Read(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        var header = NpyHeaderReader.Read(stream, fileName);
        int rows = checked((int)header.Shape[0]), columns = checked((int)header.Shape[1]);
        var expectedBytes = (long)rows * columns * header.ElementSize;
        if (stream.CanSeek)
        {
            CheckLength(fileName, expectedBytes, stream.Length - stream.Position);
        }

        var values = CatalogMatrix.Allocate(rows * columns);
        if (header.Descr == NpyFormat.Float16)
        {
            ReadFloat16(stream, fileName, values, expectedBytes);
        }
        else
        {
            ReadFloat32(stream, fileName, values, expectedBytes);
        }

        EnsureAtEnd(stream, fileName, expectedBytes);
        return new EmbeddingMatrix(values, rows, columns, header.Descr);
    }

    private static void ReadFloat32(Stream stream, string fileName, float[] values, long expectedBytes)
    {
        var done = 0L;
        for (var start = 0; start < values.Length; start += ChunkFloats)
        {
            var bytes = MemoryMarshal.AsBytes(values.AsSpan(start, Math.Min(ChunkFloats, values.Length - start)));
            done += ReadFully(stream, fileName, bytes, done, expectedBytes);
        }

        if (!BitConverter.IsLittleEndian)
        {
            var bits = MemoryMarshal.Cast<float, int>(values.AsSpan());
            BinaryPrimitives.ReverseEndianness(bits, bits);
        }
    }

    private static void ReadFloat16(Stream stream, string fileName, float[] values, long expectedBytes)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkFloats * 2);
        try
        {
            var done = 0L;
            for (var start = 0; start < values.Length; start += ChunkFloats)
            {
                var count = Math.Min(ChunkFloats, values.Length - start);
                var bytes = buffer.AsSpan(0, count * 2);
                done += ReadFully(stream, fileName, bytes, done, expectedBytes);
                Widen(bytes, values.AsSpan(start, count));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Widen(ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.Slice(i * 2, 2));
        }
    }

    private static int ReadFully(Stream stream, string fileName, Span<byte> bytes, long done, long expectedBytes)
    {
        var got = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (got < bytes.Length)
        {
            CheckLength(fileName, expectedBytes, done + got);
        }

        return got;
    }

    private static void EnsureAtEnd(Stream stream, string fileName, long expectedBytes)
    {
        Span<byte> probe = stackalloc byte[4096];
        var extra = 0L;
        int got;
        while ((got = stream.Read(probe)) > 0)
        {
            extra += got;
        }

        CheckLength(fileName, expectedBytes, expectedBytes + extra);
    }

    private static void CheckLength(string fileName, long expectedBytes, long actualBytes)
    {
        if (actualBytes < expectedBytes)
        {
            throw new CatalogLoadException(fileName, $"data is truncated: the header's shape and dtype need {expectedBytes} bytes of data, the file holds {actualBytes}");
        }

        if (actualBytes > expectedBytes)
        {
            throw new CatalogLoadException(fileName, $"{actualBytes - expectedBytes} trailing byte(s) after the data: the header's shape and dtype need {expectedBytes} bytes, the file holds {actualBytes}");
        }
    }
}
