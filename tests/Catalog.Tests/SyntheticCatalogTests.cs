using System.Runtime.InteropServices;
using RsPipeline.Catalog.Synthetic;

namespace RsPipeline.Catalog.Tests;

public class SyntheticCatalogTests
{
    [Fact]
    public void SameSeed_SameBytes()
    {
        var first = SyntheticCatalog.Generate(1000, 33, 7);
        var second = SyntheticCatalog.Generate(1000, 33, 7);

        Assert.True(MemoryMarshal.AsBytes(first.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(second.AsSpan())));
    }

    [Fact]
    public void DifferentSeed_DifferentValues()
    {
        var first = SyntheticCatalog.Generate(100, 8, 7);
        var second = SyntheticCatalog.Generate(100, 8, 8);

        Assert.True(first.Zip(second).Count(p => p.First != p.Second) > 790);
    }

    [Fact]
    public void Seed42_MatchesAnIndependentPythonImplementation()
    {
        // SplitMix64 → Marsaglia polar with math.log, written separately in Python, float32 bits.
        int[] expected = [0x3efc6407, unchecked((int)0xbf31aa5b), unchecked((int)0xbfa3fa58), unchecked((int)0xbf66cc74), unchecked((int)0xbf1a14ad), 0x3f247f50];

        var values = SyntheticCatalog.Generate(2, 3, 42);

        Assert.Equal(expected, values.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void OddValueCount_FillsEveryValue()
    {
        var values = SyntheticCatalog.Generate(3, 3, 42);

        Assert.Equal(SyntheticCatalog.Generate(2, 5, 42)[..9], values);
    }

    [Fact]
    public void Values_LookStandardNormal()
    {
        var values = SyntheticCatalog.Generate(10_000, 10, 1);

        var mean = values.Average();
        var variance = values.Select(v => (v - mean) * (v - mean)).Average();
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(variance, 0.97, 1.03);
        Assert.InRange(values.Count(v => Math.Abs(v) < 1) / (double)values.Length, 0.676, 0.689);
    }

    [Fact]
    public void VersionFor_NamesTheParameters()
    {
        Assert.Equal("synthetic-100000x64-seed42", SyntheticCatalog.VersionFor(100_000, 64, 42));
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(4, 0)]
    [InlineData(100_000, 100_000)]
    public void SizeOutOfRange_Throws(int count, int dimension)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticCatalog.Generate(count, dimension, 1));
    }
}
