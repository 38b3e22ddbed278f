namespace RsPipeline.Catalog.Formats.Npy;

/// <summary>Constants of the NumPy <c>.npy</c> format (numpy/lib/format.py).</summary>
internal static class NpyFormat
{
    /// <summary>Every file starts with these six bytes.</summary>
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Magic, major and minor version.</summary>
    public const int PreambleLength = 8;

    /// <summary>numpy pads the header so the data starts at a multiple of this.</summary>
    public const int Alignment = 64;

    /// <summary>
    /// numpy leaves room in the header for the growth axis to reach this many digits, so that a
    /// file can be appended to in place; we do the same to write byte-identical headers.
    /// </summary>
    public const int GrowthAxisMaxDigits = 21;

    public const string Float32 = "<f4";
    public const string Float16 = "<f2";

    /// <summary>For messages: what the reader accepts.</summary>
    public const string SupportedDtypes = "'<f4' (little-endian float32) and '<f2' (little-endian float16, widened to float32)";
}
