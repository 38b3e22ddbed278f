using System.Numerics;
using System.Runtime.InteropServices;

namespace RsPipeline.Catalog;

/// <summary>Rejects a matrix holding NaN or ±infinity: one such value poisons every score against it.</summary>
internal static class FiniteValueCheck
{
    private const int ExponentMask = 0x7F80_0000;

    /// <summary>Throws if any value is not finite, naming the first one's row and column and the total.</summary>
    /// <exception cref="CatalogLoadException">A value is NaN or infinite.</exception>
    public static void EnsureFinite(ReadOnlySpan<float> values, int columns, string fileName)
    {
        var first = IndexOfNonFinite(values);
        if (first < 0)
        {
            return;
        }

        var total = 0L;
        foreach (var value in values[first..])
        {
            total += float.IsFinite(value) ? 0 : 1;
        }

        var (row, column) = Math.DivRem(first, columns);
        throw new CatalogLoadException(
            fileName,
            $"embedding at row {row}, column {column} is {values[first]}; {total} non-finite value(s) in all; every value must be finite");
    }

    /// <summary>The index of the first NaN or infinity, or -1; vectorised because catalogues run to hundreds of MB.</summary>
    internal static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        var bits = MemoryMarshal.Cast<float, int>(values);
        var mask = new Vector<int>(ExponentMask);
        var i = 0;
        for (; i <= bits.Length - Vector<int>.Count; i += Vector<int>.Count)
        {
            if (Vector.EqualsAny(new Vector<int>(bits[i..]) & mask, mask))
            {
                break;
            }
        }

        for (; i < bits.Length; i++)
        {
            if ((bits[i] & ExponentMask) == ExponentMask)
            {
                return i;
            }
        }

        return -1;
    }
}
