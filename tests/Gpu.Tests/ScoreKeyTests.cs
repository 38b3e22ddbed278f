using FsCheck.Xunit;
using RsPipeline.Gpu.Kernels;

namespace RsPipeline.Gpu.Tests;

public class ScoreKeyTests
{
    [Property(MaxTest = 500)]
    public void Keys_OrderAsTheScores(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b))
        {
            return;
        }

        Assert.Equal(a.CompareTo(b) == 0 || a == b ? 0 : Math.Sign(a.CompareTo(b)), Math.Sign(ScoreKey.Of(a).CompareTo(ScoreKey.Of(b))));
    }

    [Fact]
    public void NaN_IsBelowEveryNumberAndZerosShareAKey()
    {
        Assert.Equal(ScoreKey.Lowest, ScoreKey.Of(float.NaN));
        Assert.True(ScoreKey.Of(float.NegativeInfinity) > ScoreKey.Of(float.NaN));
        Assert.Equal(ScoreKey.Of(0f), ScoreKey.Of(-0f));
        Assert.True(ScoreKey.Of(float.Epsilon) > ScoreKey.Of(0f));
        Assert.True(ScoreKey.Of(-float.Epsilon) < ScoreKey.Of(-0f));
    }
}
