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
    public void Create_Simd_ThrowsNotYetAvailable()
    {
        var error = Assert.Throws<NotSupportedException>(() => ItemScorerFactory.Create(Catalog, new InferenceOptions { Scorer = ScorerKind.Simd }));

        Assert.Contains("not yet available", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_InvalidOptions_ThrowsListingTheKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ItemScorerFactory.Create(Catalog, new InferenceOptions { ItemTileRows = -5 }));

        Assert.Contains("Inference:ItemTileRows", error.Message, StringComparison.Ordinal);
    }
}
