using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference.Simd;

namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>
/// <c>Inference:Scorer SimdInt8</c>: the int8 first pass with the exact re-rank, on the
/// <c>Inference:Simd</c> settings; where the CPU has none of its integer paths, the fp32 Simd
/// kernel (exact too) with a warning.
/// </summary>
internal sealed class SimdInt8ScorerProvider(IOptions<SimdScorerOptions> options, ILogger<SimdInt8ScorerProvider> logger) : IItemScorerProvider
{
    public ScorerKind Kind => ScorerKind.SimdInt8;

    public IItemScorer Create(ItemCatalog catalog)
    {
        if (!SimdInt8Scorer.IsSupported)
        {
            InferenceLog.Int8ScorerUnavailable(logger);
            return new SimdBlockedScorer(catalog, options.Value);
        }

        var scorer = new SimdInt8Scorer(catalog, options.Value);
        InferenceLog.Int8CatalogueQuantized(
            logger,
            catalog.Count,
            (long)scorer.QuantizationTime.TotalMilliseconds,
            scorer.QuantizedBytes >> 20,
            scorer.Path,
            options.Value.Int8MaxBatch,
            scorer.ExactBytes >> 20);
        return scorer;
    }
}
