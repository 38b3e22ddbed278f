using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace RsPipeline.Catalog;

/// <summary>
/// The default catalogue version: the first 12 hex digits (lower case) of a SHA-256 over the
/// content, so the same content always has the same version and any change gives a new one.
/// Hashed, in order: rows and columns as little-endian int32, the values as little-endian
/// float32, then each id in UTF-8 followed by <c>\n</c>.
/// </summary>
internal static class ContentVersion
{
    private const int HexDigits = 12;
    private const int ChunkFloats = 1 << 22;

    public static string Compute(ReadOnlySpan<float> values, int rows, int columns, IReadOnlyList<string> itemIds)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> shape = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(shape, rows);
        BinaryPrimitives.WriteInt32LittleEndian(shape[4..], columns);
        hash.AppendData(shape);
        AppendValues(hash, values);
        AppendIds(hash, itemIds);
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..HexDigits];
    }

    private static void AppendValues(IncrementalHash hash, ReadOnlySpan<float> values)
    {
        for (var start = 0; start < values.Length; start += ChunkFloats)
        {
            var chunk = values.Slice(start, Math.Min(ChunkFloats, values.Length - start));
            if (BitConverter.IsLittleEndian)
            {
                hash.AppendData(MemoryMarshal.AsBytes(chunk));
            }
            else
            {
                var swapped = MemoryMarshal.Cast<float, int>(chunk).ToArray();
                BinaryPrimitives.ReverseEndianness(swapped, swapped);
                hash.AppendData(MemoryMarshal.AsBytes(swapped.AsSpan()));
            }
        }
    }

    private static void AppendIds(IncrementalHash hash, IReadOnlyList<string> itemIds)
    {
        var buffer = new byte[256];
        foreach (var id in itemIds)
        {
            var length = Encoding.UTF8.GetMaxByteCount(id.Length) + 1;
            if (length > buffer.Length)
            {
                buffer = new byte[length];
            }

            var written = Encoding.UTF8.GetBytes(id, buffer);
            buffer[written] = (byte)'\n';
            hash.AppendData(buffer, 0, written + 1);
        }
    }
}
