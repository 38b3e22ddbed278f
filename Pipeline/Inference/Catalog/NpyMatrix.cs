namespace RsPipeline.Pipeline.Inference.Catalog;

/// <summary>A 2-D float32 matrix read from an <c>.npy</c> file, row-major.</summary>
public sealed class NpyMatrix
{
    private readonly float[] _values;

    internal NpyMatrix(float[] values, int rows, int columns, string sourceDtype)
    {
        _values = values;
        Rows = rows;
        Columns = columns;
        SourceDtype = sourceDtype;
    }

    /// <summary>Number of rows (the first axis).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (the second axis).</summary>
    public int Columns { get; }

    /// <summary>The dtype the file stored, e.g. <c>&lt;f4</c> or <c>&lt;f2</c> (widened to float32 on reading).</summary>
    public string SourceDtype { get; }

    /// <summary>The row-major values.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>
    /// The underlying array, for handing to <see cref="ItemCatalog"/> without a copy; whoever takes
    /// it owns it, and this matrix must not be used afterwards.
    /// </summary>
    public float[] DetachValues() => _values;
}
