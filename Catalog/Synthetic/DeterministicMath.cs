namespace RsPipeline.Catalog.Synthetic;

/// <summary>
/// Functions built only from IEEE-754 operations that are correctly rounded (+, −, ×, ÷, √), so
/// they give the same bits everywhere. <see cref="Math.Log(double)"/> calls the platform's libm,
/// whose last bit may differ between operating systems and runtime versions.
/// </summary>
internal static class DeterministicMath
{
    private const double Ln2 = 0.6931471805599453;
    private const double Sqrt2 = 1.4142135623730951;
    private const int MantissaBits = 52;
    private const long MantissaMask = (1L << MantissaBits) - 1;
    private const long ExponentBias = 1023;

    // 1/k for odd k from 25 down to 1, folded by the compiler (IEEE division, the same everywhere).
    private static ReadOnlySpan<double> SeriesCoefficients =>
    [
        1.0 / 25, 1.0 / 23, 1.0 / 21, 1.0 / 19, 1.0 / 17, 1.0 / 15, 1.0 / 13,
        1.0 / 11, 1.0 / 9, 1.0 / 7, 1.0 / 5, 1.0 / 3, 1.0,
    ];

    /// <summary>The natural logarithm of a positive normal double, to within a few ulp.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a positive, finite, normal number.</exception>
    public static double Log(double x)
    {
        if (!double.IsNormal(x) || x < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "only positive normal numbers are supported");
        }

        // x = m · 2^e with m in [1, 2), then moved to [√2/2, √2) so the series below converges fast.
        var bits = BitConverter.DoubleToInt64Bits(x);
        var exponent = (int)((bits >> MantissaBits) - ExponentBias);
        var mantissa = BitConverter.Int64BitsToDouble((bits & MantissaMask) | (ExponentBias << MantissaBits));
        if (mantissa > Sqrt2)
        {
            mantissa /= 2;
            exponent++;
        }

        // ln m = 2·atanh(t), t = (m − 1)/(m + 1), |t| ≤ 0.172: t^27/27 is below 2⁻⁵³ relative.
        var t = (mantissa - 1) / (mantissa + 1);
        var t2 = t * t;
        var sum = 0.0;
        foreach (var coefficient in SeriesCoefficients)
        {
            sum = (sum * t2) + coefficient;
        }

        return (exponent * Ln2) + (2 * t * sum);
    }
}
