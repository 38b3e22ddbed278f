namespace RsPipeline.Pipeline.Inference.Catalog;

/// <summary>What an <c>.npy</c> header says about the array that follows it.</summary>
/// <param name="MajorVersion">Format version 1, 2 or 3.</param>
/// <param name="Descr">The dtype string, e.g. <c>&lt;f4</c>.</param>
/// <param name="FortranOrder">Whether the data is column-major.</param>
/// <param name="Shape">The array's shape.</param>
/// <param name="DataOffset">Where the data starts, in bytes from the start of the file.</param>
internal sealed record NpyHeader(int MajorVersion, string Descr, bool FortranOrder, IReadOnlyList<long> Shape, long DataOffset)
{
    /// <summary>Bytes per element for the dtypes we read.</summary>
    public int ElementSize => Descr == NpyFormat.Float16 ? 2 : 4;

    /// <summary>The shape as Python prints it, e.g. <c>(5000, 32)</c>.</summary>
    public string ShapeText => PythonLiteralParser.Format(Shape.Cast<object?>().ToList());
}
