using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Gpu.Tests;

public class GpuScorerServiceCollectionExtensionsTests
{
    [Fact]
    public void AddGpuScorer_RegistersAProviderForGpuBoundFromInferenceGpu()
    {
        using var services = Build(new() { ["Inference:Gpu:Accelerator"] = "Cpu", ["Inference:Gpu:DeviceIndex"] = "0" });

        services.GetRequiredService<IStartupValidator>().Validate();
        var provider = Assert.Single(services.GetServices<IItemScorerProvider>());
        Assert.Equal(ScorerKind.Gpu, provider.Kind);
        Assert.Equal(GpuAcceleratorKind.Cpu, services.GetRequiredService<IOptions<GpuScorerOptions>>().Value.Accelerator);
        using var scorer = provider.Create(GpuTesting.Catalog([1f, 0f, 0f, 1f], 2, 2));
        var indices = new int[1];
        scorer.ScoreTopK([0f, 2f], 1, 1, indices, new float[1]);
        Assert.Equal(1, indices[0]);
    }

    [Fact]
    public void InvalidSection_FailsAtStartListingEveryProblem()
    {
        using var services = Build(new() { ["Inference:Gpu:ThreadsPerGroup"] = "3", ["Inference:Gpu:CandidateMemoryMegabytes"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(2, error.Failures.Count());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddGpuScorer(configuration).BuildServiceProvider();
    }
}
