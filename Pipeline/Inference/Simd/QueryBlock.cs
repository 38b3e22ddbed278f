namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>
/// <see cref="Width"/> consecutive queries starting at row <see cref="FirstRow"/>, packed d-major
/// (coordinate j of the block's queries is <see cref="Width"/> contiguous floats) so that the
/// kernels broadcast them from one moving pointer.
/// </summary>
internal readonly unsafe struct QueryBlock(int firstRow, int width, float* packed)
{
    /// <summary>Widths the kernels have register tiles for, widest first.</summary>
    public static ReadOnlySpan<int> Widths => [8, 4, 2, 1];

    public int FirstRow { get; } = firstRow;

    public int Width { get; } = width;

    public float* Packed { get; } = packed;
}
