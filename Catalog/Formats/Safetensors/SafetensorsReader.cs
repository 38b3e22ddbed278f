using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace RsPipeline.Catalog.Formats.Safetensors;

/// <summary>
/// Reads one 2-D tensor from a safetensors file: an 8-byte little-endian header length, that many
/// bytes of JSON header (<see cref="SafetensorsHeader"/>), then the raw little-endian data. F32 is
/// read as is; F16 and BF16 are widened to float32. Every problem is a
/// <see cref="CatalogLoadException"/> naming the file and what is wrong.
/// </summary>
public static class SafetensorsReader
{
    // The format's own limit on the header (100 MB) keeps a corrupt length from allocating wildly.
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Reads the tensor <paramref name="tensorName"/>, or the file's only 2-D tensor when it is null.</summary>
    /// <exception cref="CatalogLoadException">The file or the tensor is not usable.</exception>
    public static EmbeddingMatrix Read(string path, string? tensorName)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        var length = stream.Length;
        Span<byte> prefix = stackalloc byte[8];
        if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
        {
            throw new CatalogLoadException(path, $"not a safetensors file: {length} bytes, too short for the 8-byte header length");
        }

        var headerBytes = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerBytes > (ulong)Math.Min(MaxHeaderBytes, length - 8))
        {
            throw new CatalogLoadException(path, $"not a safetensors file: the header length {headerBytes} exceeds the file ({length} bytes) or the format's 100 MB limit");
        }

        var header = new byte[(int)headerBytes];
        stream.ReadExactly(header);
        var entries = SafetensorsHeader.Parse(header, path);
        var entry = Select(entries, tensorName, path);
        var dataStart = 8 + (long)headerBytes;
        return ReadTensor(stream, entry, dataStart, length, path);
    }

    private static SafetensorsEntry Select(IReadOnlyList<SafetensorsEntry> entries, string? tensorName, string path)
    {
        var names = string.Join(", ", entries.Select(e => $"'{e.Name}' {e.Dtype}[{string.Join(", ", e.Shape)}]"));
        if (tensorName is not null)
        {
            return entries.FirstOrDefault(e => e.Name == tensorName)
                ?? throw new CatalogLoadException(path, $"no tensor named '{tensorName}' (Catalog:TensorName); the file holds {names}");
        }

        var matrices = entries.Where(e => e.Shape.Length == 2).ToArray();
        return matrices.Length == 1
            ? matrices[0]
            : throw new CatalogLoadException(path, $"{matrices.Length} 2-D tensors; name the one to use with Catalog:TensorName. The file holds {names}");
    }

    private static EmbeddingMatrix ReadTensor(FileStream stream, SafetensorsEntry entry, long dataStart, long fileLength, string path)
    {
        var elementSize = entry.Dtype switch
        {
            "F32" => 4,
            "F16" or "BF16" => 2,
            _ => throw new CatalogLoadException(path, $"tensor '{entry.Name}' has dtype {entry.Dtype}; expected F32, F16 or BF16"),
        };
        if (entry.Shape.Length != 2 || entry.Shape[0] < 1 || entry.Shape[1] < 1)
        {
            throw new CatalogLoadException(path, $"tensor '{entry.Name}' has shape [{string.Join(", ", entry.Shape)}]; expected a non-empty 2-D matrix (items × dimension)");
        }

        var rows = entry.Shape[0];
        var columns = entry.Shape[1];
        var count = rows * columns;
        if (rows > int.MaxValue || columns > int.MaxValue || count * elementSize > Array.MaxLength)
        {
            throw new CatalogLoadException(path, $"tensor '{entry.Name}' of shape [{rows}, {columns}] is too large to hold in memory");
        }

        if (entry.End - entry.Begin != count * elementSize)
        {
            throw new CatalogLoadException(path, $"tensor '{entry.Name}': data_offsets span {entry.End - entry.Begin} bytes, its shape and dtype need {count * elementSize}");
        }

        if (dataStart + entry.End > fileLength)
        {
            throw new CatalogLoadException(path, $"data is truncated: tensor '{entry.Name}' ends at byte {dataStart + entry.End}, the file holds {fileLength}");
        }

        var raw = GC.AllocateUninitializedArray<byte>((int)(count * elementSize));
        stream.Position = dataStart + entry.Begin;
        stream.ReadExactly(raw);
        var values = Decode(raw, entry.Dtype, (int)count);
        return new EmbeddingMatrix(values, (int)rows, (int)columns, entry.Dtype);
    }

    private static float[] Decode(byte[] raw, string dtype, int count)
    {
        var values = CatalogMatrix.Allocate(count);
        if (dtype == "F32")
        {
            raw.AsSpan().CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
            if (!BitConverter.IsLittleEndian)
            {
                var bits = MemoryMarshal.Cast<float, int>(values.AsSpan());
                BinaryPrimitives.ReverseEndianness(bits, bits);
            }

            return values;
        }

        for (var i = 0; i < count; i++)
        {
            var half = raw.AsSpan(i * 2, 2);
            values[i] = dtype == "F16"
                ? (float)BinaryPrimitives.ReadHalfLittleEndian(half)
                : BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(half) << 16);
        }

        return values;
    }
}
