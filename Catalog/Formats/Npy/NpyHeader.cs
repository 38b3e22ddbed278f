namespace RsPipeline.Catalog.Formats.Npy;

/// <summary>What an accepted <c>.npy</c> header says about the C-order array that follows it.</summary>
/// <param name="MajorVersion">Format version 1, 2 or 3.</param>
/// <param name="Descr">The dtype string, <c>&lt;f4</c> or <c>&lt;f2</c>.</param>
/// <param name="Shape">The array's shape, two positive lengths.</param>
internal sealed record NpyHeader(int MajorVersion, string Descr, IReadOnlyList<long> Shape)
{
    /// <summary>Bytes per element.</summary>
    public int ElementSize => Descr == NpyFormat.Float16 ? 2 : 4;
}
