namespace RsPipeline.Catalog.Formats;

/// <summary>A 2-D float32 matrix read from a catalogue file, row-major (any stored dtype is widened to float32).</summary>
public sealed class EmbeddingMatrix
{
    private readonly float[] _values;

    /// <summary>Wraps a row-major matrix; the matrix owns the array from here on.</summary>
    /// <param name="values">The values, <paramref name="rows"/> × <paramref name="columns"/>.</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="columns">Number of columns.</param>
    /// <param name="sourceDtype">The dtype the file stored, for the log when it was not float32.</param>
    public EmbeddingMatrix(float[] values, int rows, int columns, string sourceDtype)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values;
        Rows = rows;
        Columns = columns;
        SourceDtype = sourceDtype;
    }

    /// <summary>Number of rows (the first axis).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (the second axis).</summary>
    public int Columns { get; }

    /// <summary>The dtype the file stored, e.g. <c>&lt;f4</c>, <c>&lt;f2</c> or <c>BF16</c> (widened to float32 on reading).</summary>
    public string SourceDtype { get; }

    /// <summary>The row-major values.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>
    /// The underlying array, for handing to <see cref="ItemCatalog"/> without a copy; whoever takes
    /// it owns it, and this matrix must not be used afterwards.
    /// </summary>
    public float[] DetachValues() => _values;
}
