using System.Buffers.Binary;
using System.Text;

namespace RsPipeline.Catalog.Tests;

/// <summary>Builds <c>.npy</c> files by hand, byte by byte, so the reader is not only checked against our own writer.</summary>
internal static class NpyBytes
{
    public static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>A v1.0 header dict for the given fields, as numpy would write it (unpadded).</summary>
    public static string Dict(string descr, string shape, bool fortranOrder = false) =>
        $"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {shape}, }}";

    /// <summary>Preamble, header length, header text + '\n', then <paramref name="data"/>.</summary>
    public static byte[] File(string header, ReadOnlySpan<byte> data, byte major = 1, byte minor = 0)
    {
        var text = Encoding.Latin1.GetBytes(header + "\n");
        var lengthSize = major == 1 ? 2 : 4;
        var bytes = new byte[8 + lengthSize + text.Length + data.Length];
        Magic.CopyTo(bytes, 0);
        bytes[6] = major;
        bytes[7] = minor;
        if (lengthSize == 2)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)text.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)text.Length);
        }

        text.CopyTo(bytes, 8 + lengthSize);
        data.CopyTo(bytes.AsSpan(8 + lengthSize + text.Length));
        return bytes;
    }

    /// <summary>Little-endian float32 bytes.</summary>
    public static byte[] Float32(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }

    /// <summary>Little-endian float16 bytes.</summary>
    public static byte[] Float16(params Half[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), values[i]);
        }

        return bytes;
    }
}
