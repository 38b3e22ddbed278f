namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>
/// <see cref="Width"/> consecutive quantized queries from row <see cref="FirstRow"/>, their codes
/// packed group-major: group g (4 codes as one int) of the block's queries is <see cref="Width"/>
/// contiguous ints, so the kernels broadcast them from one moving pointer.
/// </summary>
internal readonly unsafe struct Int8QueryBlock(int firstRow, int width, int* packed)
{
    /// <summary>Widths the kernels have register tiles for, widest first.</summary>
    public static ReadOnlySpan<int> Widths => [4, 1];

    public int FirstRow { get; } = firstRow;

    public int Width { get; } = width;

    public int* Packed { get; } = packed;
}
