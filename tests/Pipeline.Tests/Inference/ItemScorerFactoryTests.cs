using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Inference.Torch;
using RsPipeline.Pipeline.Tests.Inference.Scoring;

namespace RsPipeline.Pipeline.Tests.Inference;

public class ItemScorerFactoryTests
{
    private static readonly ItemCatalog Catalog = TestCatalogs.Create(10, 3, integral: true, seed: 9);

    [Fact]
    public void Create_Torch_GivesTorchExactScorerOverTheCatalogue()
    {
        using var scorer = ItemScorerFactory.Create(Catalog, new InferenceOptions { Scorer = ScorerKind.Torch });

        Assert.IsType<TorchExactScorer>(scorer);
        Assert.Same(Catalog, scorer.Catalog);
    }

    [Fact]
    public void Create_Simd_BuildsTheSimdScorerOverTheCatalogue()
    {
        using var scorer = ItemScorerFactory.Create(Catalog, new InferenceOptions { Scorer = ScorerKind.Simd });

        Assert.IsType<RsPipeline.Pipeline.Inference.Simd.SimdBlockedScorer>(scorer);
        Assert.Same(Catalog, scorer.Catalog);
    }

    [Fact]
    public void Create_SimdOnCuda_IsRefusedNamingBothKeys()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ItemScorerFactory.Create(Catalog, new InferenceOptions { Scorer = ScorerKind.Simd, Device = "cuda" }));

        Assert.Contains("Inference:Scorer is Simd", error.Message, StringComparison.Ordinal);
        Assert.Contains("Inference:Device is 'cuda'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_InvalidOptions_ThrowsListingTheKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ItemScorerFactory.Create(Catalog, new InferenceOptions { ItemTileRows = -5 }));

        Assert.Contains("Inference:ItemTileRows", error.Message, StringComparison.Ordinal);
    }
}
