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

    // The keys workspace is a window on a larger scratch buffer in the kernel: nothing past its end
    // may count. Past it here lie keys just below the k-th largest, which any read beyond the window
    // would take for the answer.
    [Theory]
    [InlineData(16, 3)]
    [InlineData(64, 10)]
    [InlineData(200, 100)]
    [InlineData(37, 37)]
    public void Key_ReadsNothingPastTheEndOfItsKeys(int length, int k)
    {
        var scores = Enumerable.Range(0, length).Select(i => (float)i).ToArray();
        var kth = (float)(length - k);
        var scratch = new int[length + 64];
        scratch.AsSpan(length).Fill(KthLargest.KeyOf(MathF.BitDecrement(kth)));

        var key = KthLargest.Key(scores, scratch.AsSpan(0, length), k);

        Assert.Equal(KthLargest.KeyOf(kth), key);
    }
}
