using FsCheck.Xunit;

namespace RsPipeline.Catalog.Tests;

public class FiniteValueCheckTests
{
    [Fact]
    public void AllFinite_Passes()
    {
        float[] values = [float.MaxValue, float.MinValue, float.Epsilon, -0f, 1e-45f, 0f];

        FiniteValueCheck.EnsureFinite(values, 3, "items.npy");
    }

    [Fact]
    public void NonFinite_NamesFileRowColumnAndTotal()
    {
        var values = new float[40];
        values[13] = float.NaN;
        values[30] = float.PositiveInfinity;
        values[39] = float.NegativeInfinity;

        var ex = Assert.Throws<CatalogLoadException>(() => FiniteValueCheck.EnsureFinite(values, 4, "items.npy"));

        Assert.Equal("items.npy", ex.FilePath);
        Assert.Contains("row 3, column 1 is NaN", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 non-finite value(s) in all", ex.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 200)]
    public bool IndexOfNonFinite_FindsTheFirstWherever(ushort length, ushort position, byte kind)
    {
        var values = Enumerable.Range(0, length + 1).Select(i => (float)i - 100).ToArray();
        var index = position % values.Length;
        float[] bad = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, BitConverter.Int32BitsToSingle(0x7FC0_1234)];
        values[index] = bad[kind % bad.Length];
        values[^1] = float.NaN;

        return FiniteValueCheck.IndexOfNonFinite(values) == index
            && FiniteValueCheck.IndexOfNonFinite(values.AsSpan(0, index)) == -1;
    }
}
