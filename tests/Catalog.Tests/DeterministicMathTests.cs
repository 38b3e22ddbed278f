using FsCheck.Xunit;
using RsPipeline.Catalog.Synthetic;

namespace RsPipeline.Catalog.Tests;

public class DeterministicMathTests
{
    [Property(MaxTest = 1000)]
    public bool Log_AgreesWithLibmWithinAFewUlp(ulong bits)
    {
        // Any positive normal double: exponent field 1..2046.
        var exponent = (long)(bits % 2046) + 1;
        var x = BitConverter.Int64BitsToDouble((exponent << 52) | (long)(bits >> 12));

        var expected = Math.Log(x);
        var actual = DeterministicMath.Log(x);

        return Math.Abs(actual - expected) <= 4 * Math.Max(Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected), double.Epsilon);
    }

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(Math.E, 1.0)]
    [InlineData(0.5, -0.6931471805599453)]
    public void Log_KnownValues(double x, double expected)
    {
        Assert.Equal(expected, DeterministicMath.Log(x), 15);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.Epsilon)]
    public void Log_OutsidePositiveNormals_Throws(double x)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DeterministicMath.Log(x));
    }
}
