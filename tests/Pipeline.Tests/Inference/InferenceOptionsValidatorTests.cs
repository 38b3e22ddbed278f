using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Pipeline.Tests.Inference;

public class InferenceOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var result = new InferenceOptionsValidator().Validate(null, new InferenceOptions());

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEachKey()
    {
        var options = new InferenceOptions { Device = "tpu", Scorer = (ScorerKind)7, TorchIntraOpThreads = -1, ItemTileRows = 0 };

        var result = new InferenceOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToArray();
        Assert.Equal(4, failures.Length);
        Assert.Contains(failures, f => f.StartsWith("Inference:Device is 'tpu'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Scorer is 7", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:TorchIntraOpThreads is -1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:ItemTileRows is 0", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("cuda")]
    [InlineData("cuda:3")]
    [InlineData("AUTO")]
    public void Validate_KnownDevice_Succeeds(string device)
    {
        var result = new InferenceOptionsValidator().Validate(null, new InferenceOptions { Device = device, Scorer = ScorerKind.Torch });

        Assert.True(result.Succeeded);
    }
}
