using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Inference.Simd;
using RsPipeline.Pipeline.Inference.SimdInt8;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests.Inference.SimdInt8;

public class SimdInt8ScorerProviderTests
{
    [Fact]
    public void Create_ServesSimdInt8WithTheSimdSettings()
    {
        var provider = new SimdInt8ScorerProvider(Options.Create(new SimdScorerOptions { ThreadCount = 1 }), NullLogger<SimdInt8ScorerProvider>.Instance);

        using var scorer = provider.Create(TestCatalogs.Gaussian(40, 8, seed: 2));

        Assert.Equal(ScorerKind.SimdInt8, provider.Kind);
        var expected = SimdInt8Scorer.IsSupported ? typeof(SimdInt8Scorer) : typeof(SimdBlockedScorer);
        Assert.IsType(expected, scorer);
        Assert.Equal(1, scorer is SimdInt8Scorer int8 ? int8.ThreadCount : ((SimdBlockedScorer)scorer).ThreadCount);
    }
}
