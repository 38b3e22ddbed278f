namespace RsPipeline.Gpu.Tests;

public class GpuScorerOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreValid() =>
        Assert.True(new GpuScorerOptionsValidator().Validate(null, new GpuScorerOptions()).Succeeded);

    [Fact]
    public void EveryBadValue_IsReportedAtOnceByKey()
    {
        var options = new GpuScorerOptions { Accelerator = (GpuAcceleratorKind)9, DeviceIndex = -2, ThreadsPerGroup = 2048, CandidateMemoryMegabytes = 0 };

        var result = new GpuScorerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToArray();
        Assert.Equal(4, failures.Length);
        Assert.Contains(failures, f => f.StartsWith("Inference:Gpu:Accelerator", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Gpu:DeviceIndex", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Gpu:ThreadsPerGroup", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Gpu:CandidateMemoryMegabytes", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(256)]
    [InlineData(1024)]
    public void PowersOfTwoInRange_AreValidGroupSizes(int threads) =>
        Assert.True(new GpuScorerOptionsValidator().Validate(null, new GpuScorerOptions { ThreadsPerGroup = threads }).Succeeded);

    [Theory]
    [InlineData(8)]
    [InlineData(96)]
    [InlineData(2048)]
    public void OtherGroupSizes_AreRejected(int threads) =>
        Assert.True(new GpuScorerOptionsValidator().Validate(null, new GpuScorerOptions { ThreadsPerGroup = threads }).Failed);
}
