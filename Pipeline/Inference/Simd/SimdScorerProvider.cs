using Microsoft.Extensions.Options;
using RsPipeline.Catalog;

namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary><c>Inference:Scorer Simd</c>: the fp32 kernel with the <c>Inference:Simd</c> settings.</summary>
internal sealed class SimdScorerProvider(IOptions<SimdScorerOptions> options) : IItemScorerProvider
{
    public ScorerKind Kind => ScorerKind.Simd;

    public IItemScorer Create(ItemCatalog catalog) => new SimdBlockedScorer(catalog, options.Value);
}
