using FsCheck.Xunit;
using RsPipeline.Pipeline.Inference.Simd;

namespace RsPipeline.Pipeline.Tests.Inference.Simd;

public class RankKeyTests
{
    [Property]
    public bool Of_RoundTrips(float score, int index)
    {
        var key = RankKey.Of(score, index);

        return float.IsNaN(score) || (RankKey.Score(key) == score && RankKey.Index(key) == index);
    }

    [Property]
    public bool Of_AscendingKeysAreBestFirst(short a, short b, ushort i, ushort j)
    {
        var better = a > b || (a == b && i < j);

        var ordered = RankKey.Of(a / 4f, i) < RankKey.Of(b / 4f, j);

        return (a == b && i == j) || ordered == better;
    }
}
