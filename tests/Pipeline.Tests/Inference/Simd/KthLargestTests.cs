using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RsPipeline.Pipeline.Inference.Simd;

namespace RsPipeline.Pipeline.Tests.Inference.Simd;

public class KthLargestTests
{
    [Property(MaxTest = 200)]
    public Property Key_IsKeyOfKthLargestScore() => Prop.ForAll(
        Arb.From(
            from length in Gen.Choose(1, 300)
            from values in Gen.ArrayOf(Gen.Elements(-2.5f, -1f, -0f, 0f, 1f, 3.25f, float.MaxValue, float.MinValue), length)
            from noise in Gen.ArrayOf(Gen.Choose(-1000, 1000), length)
            from k in Gen.Choose(1, length)
            select (values.Zip(noise, (v, n) => n % 3 == 0 ? v : n / 7f).ToArray(), k)),
        c =>
        {
            var (scores, k) = c;
            var expected = scores.OrderByDescending(s => s).ElementAt(k - 1);

            var key = KthLargest.Key(scores, new int[scores.Length], k);

            return key == KthLargest.KeyOf(expected);
        });

    [Fact]
    public void KeyOf_PreservesFloatOrder_AndMergesSignedZeros()
    {
        float[] ascending = [float.NegativeInfinity, float.MinValue, -1f, -float.Epsilon, 0f, float.Epsilon, 1f, float.MaxValue, float.PositiveInfinity];

        var keys = ascending.Select(KthLargest.KeyOf).ToArray();

        Assert.Equal(keys.Order(), keys);
        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.Equal(KthLargest.KeyOf(0f), KthLargest.KeyOf(-0f));
    }
}
