using RsPipeline.Pipeline.Inference.Simd;

namespace RsPipeline.Pipeline.Tests.Inference.Simd;

public class SimdScorerOptionsValidatorTests
{
    private static readonly SimdScorerOptionsValidator Validator = new();

    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(SimdScorerOptions.MaxThreadCount, SimdScorerOptions.MaxTileKilobytes, SimdScorerOptions.MaxInt8MaxBatch)]
    public void LimitsThemselves_AreValid(int threads, int tileKilobytes, int int8MaxBatch) =>
        Assert.True(Validator.Validate(null, new SimdScorerOptions { ThreadCount = threads, TileKilobytes = tileKilobytes, Int8MaxBatch = int8MaxBatch }).Succeeded);

    [Fact]
    public void JustPastEveryLimit_EachKeyIsNamed_AllAtOnce()
    {
        var below = Validator.Validate(null, new SimdScorerOptions { ThreadCount = 0, TileKilobytes = 0, Int8MaxBatch = -1 });
        var above = Validator.Validate(null, new SimdScorerOptions { ThreadCount = SimdScorerOptions.MaxThreadCount + 1, TileKilobytes = SimdScorerOptions.MaxTileKilobytes + 1, Int8MaxBatch = SimdScorerOptions.MaxInt8MaxBatch + 1 });

        foreach (var result in new[] { below, above })
        {
            Assert.True(result.Failed);
            Assert.Collection(
                result.Failures!,
                message => Assert.StartsWith("Inference:Simd:ThreadCount is ", message, StringComparison.Ordinal),
                message => Assert.StartsWith("Inference:Simd:TileKilobytes is ", message, StringComparison.Ordinal),
                message => Assert.StartsWith("Inference:Simd:Int8MaxBatch is ", message, StringComparison.Ordinal));
        }
    }
}
