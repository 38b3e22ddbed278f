using System.Globalization;

namespace RsPipeline.Catalog.Synthetic;

/// <summary>
/// A deterministic stand-in catalogue for development and benchmarks: every value drawn
/// independently from the standard normal N(0, 1), rows not normalised (as the reference
/// catalogue in shared/testdata, so inner-product scores have variance d). The values come from
/// SplitMix64 through Marsaglia's polar method using only correctly rounded arithmetic, so a seed
/// gives the same bytes on every .NET version, OS and CPU.
/// </summary>
public static class SyntheticCatalog
{
    /// <summary>The values for <paramref name="count"/> × <paramref name="dimension"/> items, row-major.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1, or the matrix would not fit in one array.</exception>
    public static float[] Generate(int count, int dimension, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)count * dimension, Array.MaxLength, nameof(count));

        var values = CatalogMatrix.Allocate(count * dimension);
        var random = new SplitMix64(seed);
        for (var i = 0; i < values.Length; i += 2)
        {
            var (first, second) = NextGaussianPair(ref random);
            values[i] = (float)first;
            if (i + 1 < values.Length)
            {
                values[i + 1] = (float)second;
            }
        }

        return values;
    }

    /// <summary>The catalogue version naming the parameters, e.g. <c>synthetic-100000x64-seed42</c>.</summary>
    public static string VersionFor(int count, int dimension, ulong seed) =>
        string.Create(CultureInfo.InvariantCulture, $"synthetic-{count}x{dimension}-seed{seed}");

    /// <summary>Marsaglia's polar method: two independent standard normal values.</summary>
    internal static (double First, double Second) NextGaussianPair(ref SplitMix64 random)
    {
        while (true)
        {
            var u = (2 * random.NextDouble()) - 1;
            var v = (2 * random.NextDouble()) - 1;
            var s = (u * u) + (v * v);
            if (s is > 0 and < 1)
            {
                var factor = Math.Sqrt(-2 * DeterministicMath.Log(s) / s);
                return (u * factor, v * factor);
            }
        }
    }
}
