using System.Globalization;
using System.Text;

namespace RsPipeline.Host.Tests.Infrastructure;

/// <summary>Writes a 2-D float32 matrix as a version 1.0 .npy file (little-endian, C order).</summary>
public static class NpyWriter
{
    public static void Write(string path, float[] data, int rows, int columns)
    {
        var header = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {columns}), }}");

        // Magic (6) + version (2) + length (2) + header + '\n', padded with spaces to a multiple of 64.
        var unpadded = 10 + header.Length + 1;
        header = header.PadRight(header.Length + ((64 - (unpadded % 64)) % 64)) + "\n";
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        writer.Write((byte)0x93);
        writer.Write(Encoding.ASCII.GetBytes("NUMPY"));
        writer.Write((byte)1);
        writer.Write((byte)0);
        writer.Write((ushort)header.Length);
        writer.Write(Encoding.ASCII.GetBytes(header));
        foreach (var value in data)
        {
            writer.Write(value);
        }
    }
}
