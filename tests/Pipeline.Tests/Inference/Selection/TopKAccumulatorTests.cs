using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RsPipeline.Pipeline.Inference.Selection;

namespace RsPipeline.Pipeline.Tests.Inference.Selection;

public class TopKAccumulatorTests
{
    [Property(MaxTest = 300, Arbitrary = [typeof(CandidateArbitrary)])]
    public void TryPush_AnyOrder_KeepsTheLinqTopK(Candidates candidates)
    {
        var accumulator = new TopKAccumulator(candidates.K);
        foreach (var (score, index) in candidates.Shuffled)
        {
            accumulator.TryPush(score, index);
        }

        AssertDrainsLikeLinq(accumulator, candidates.Scores, candidates.K);
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(CandidateArbitrary)])]
    public void PushRange_InPieces_KeepsTheLinqTopK(Candidates candidates)
    {
        var accumulator = new TopKAccumulator(1);
        accumulator.Reset(candidates.K);
        var scores = candidates.Scores;
        for (var start = 0; start < scores.Length; start += candidates.Piece)
        {
            var length = Math.Min(candidates.Piece, scores.Length - start);
            accumulator.PushRange(scores.AsSpan(start, length), start);
        }

        AssertDrainsLikeLinq(accumulator, scores, candidates.K);
    }

    [Fact]
    public void Threshold_TracksTheWorstKeptOnceFull()
    {
        var accumulator = new TopKAccumulator(2);
        accumulator.TryPush(5, 0);
        Assert.Equal(float.NegativeInfinity, accumulator.Threshold);

        accumulator.TryPush(3, 1);
        Assert.Equal(3, accumulator.Threshold);

        Assert.False(accumulator.TryPush(3, 2));
        Assert.True(accumulator.TryPush(4, 3));
        Assert.Equal(4, accumulator.Threshold);
    }

    [Fact]
    public void TryPush_EqualScoreLowerIndex_ReplacesTheWorst()
    {
        var accumulator = new TopKAccumulator(1);
        accumulator.TryPush(1, 9);

        Assert.True(accumulator.TryPush(1, 4));

        var indices = new int[1];
        accumulator.DrainBestFirst(indices, new float[1]);
        Assert.Equal(4, indices[0]);
    }

    [Fact]
    public void DrainBestFirst_EmptiesForReuse()
    {
        var accumulator = new TopKAccumulator(3);
        accumulator.TryPush(1, 0);
        accumulator.TryPush(2, 1);

        var written = accumulator.DrainBestFirst(new int[3], new float[3]);

        Assert.Equal(2, written);
        Assert.Equal(0, accumulator.Count);
        Assert.Equal(float.NegativeInfinity, accumulator.Threshold);
    }

    [Fact]
    public void Constructor_KBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopKAccumulator(0));
    }

    [Fact]
    public void Reset_KBelowOne_Throws_AndKeepsTheAccumulatorAsItWas()
    {
        var accumulator = new TopKAccumulator(2);
        accumulator.TryPush(1, 0);

        Assert.Throws<ArgumentOutOfRangeException>(() => accumulator.Reset(0));

        Assert.Equal((2, 1), (accumulator.K, accumulator.Count));
    }

    [Fact]
    public void Reset_ToALargerK_Grows_AndToASmallerK_Empties()
    {
        var accumulator = new TopKAccumulator(1);
        accumulator.TryPush(9, 0);

        accumulator.Reset(4);
        for (var i = 0; i < 6; i++)
        {
            accumulator.TryPush(i, i);
        }

        var indices = new int[4];
        var scores = new float[4];
        Assert.Equal(4, accumulator.DrainBestFirst(indices, scores));
        Assert.Equal([5, 4, 3, 2], indices);

        accumulator.Reset(2);
        accumulator.TryPush(1, 7);
        Assert.Equal((2, 1, float.NegativeInfinity), (accumulator.K, accumulator.Count, accumulator.Threshold));
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(3, 2)]
    public void DrainBestFirst_IntoSpansShorterThanTheCount_Throws_AndKeepsTheEntries(int indexLength, int scoreLength)
    {
        var accumulator = new TopKAccumulator(3);
        accumulator.TryPush(1, 0);
        accumulator.TryPush(2, 1);
        accumulator.TryPush(3, 2);

        var error = Assert.Throws<ArgumentException>(() => accumulator.DrainBestFirst(new int[indexLength], new float[scoreLength]));

        Assert.StartsWith("output spans hold 2 entries, need 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, accumulator.Count);
        Assert.Equal(3, accumulator.DrainBestFirst(new int[3], new float[3]));
    }

    [Theory]
    [InlineData(2f, 5, 1f, 0, true)]
    [InlineData(1f, 0, 2f, 5, false)]
    [InlineData(1f, 3, 1f, 4, true)]
    [InlineData(1f, 4, 1f, 3, false)]
    [InlineData(1f, 4, 1f, 4, false)]
    [InlineData(float.NegativeInfinity, 9, float.NaN, 0, true)]
    [InlineData(float.NaN, 0, float.NegativeInfinity, 9, false)]
    [InlineData(float.NaN, 1, float.NaN, 2, true)]
    [InlineData(float.NaN, 2, float.NaN, 1, false)]
    public void IsBetter_HigherScoreFirst_ThenLowerIndex_NaNLast(float a, int ia, float b, int ib, bool better) =>
        Assert.Equal(better, TopKAccumulator.IsBetter(a, ia, b, ib));

    [Fact]
    public void PushRange_AWholeVectorBelowTheThreshold_IsRejected_AndOneAboveIsTaken()
    {
        var accumulator = new TopKAccumulator(2);
        accumulator.PushRange([10f, 9f], 0);
        var low = Enumerable.Repeat(1f, 64).ToArray();
        var high = Enumerable.Repeat(1f, 64).ToArray();
        high[37] = 9.5f;

        accumulator.PushRange(low, 100);
        accumulator.PushRange(high, 200);

        var indices = new int[2];
        accumulator.DrainBestFirst(indices, new float[2]);
        Assert.Equal([0, 237], indices);
    }

    private static void AssertDrainsLikeLinq(TopKAccumulator accumulator, float[] scores, int k)
    {
        // float.CompareTo puts NaN below every number, the order the accumulator documents.
        var expected = Enumerable.Range(0, scores.Length)
            .OrderByDescending(i => scores[i])
            .ThenBy(i => i)
            .Take(k)
            .ToArray();
        var indices = new int[k];
        var drained = new float[k];

        var written = accumulator.DrainBestFirst(indices, drained);

        Assert.Equal(expected.Length, written);
        Assert.Equal(expected, indices.Take(written));
        Assert.Equal(expected.Select(i => scores[i]), drained.Take(written));
    }
}

/// <summary>Scores with many exact ties, occasional infinities and NaN; indices are the positions.</summary>
public sealed record Candidates(float[] Scores, int K, int Piece, (float Score, int Index)[] Shuffled)
{
    public override string ToString() => $"K = {K}, Piece = {Piece}, Scores = [{string.Join(", ", Scores)}]";
}

public static class CandidateArbitrary
{
    private static readonly float[] Specials = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f];

    public static Arbitrary<Candidates> Candidates() =>
        (from length in Gen.Choose(0, 200)
         from scores in Gen.ArrayOf(Score(), length)
         from k in Gen.Choose(1, length + 3)
         from piece in Gen.Choose(1, 40)
         from shuffled in Gen.Shuffle(scores.Select((s, i) => (s, i)))
         select new Candidates(scores, k, piece, shuffled)).ToArbitrary();

    private static Gen<float> Score() => Gen.Frequency(
        (6, Gen.Choose(-4, 4).Select(i => (float)i)),
        (3, Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 1000f)),
        (1, Gen.Elements(Specials)));
}
