using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Inference.Simd;
using RsPipeline.Pipeline.Inference.SimdInt8;
using RsPipeline.Torch;

namespace RsPipeline.Benchmarks.Scoring;

/// <summary>The scorers the benchmarks compare. Add a kind here (and a case in <see cref="ScorerKinds.Create"/>) to benchmark another implementation.</summary>
public enum ScorerKind
{
    /// <summary><see cref="SimdBlockedScorer"/> with its defaults (all cores).</summary>
    Simd,

    /// <summary><see cref="SimdInt8Scorer"/> with its defaults: the int8 first pass and the exact re-rank up to <see cref="SimdScorerOptions.Int8MaxBatch"/>, the fp32 kernel above.</summary>
    SimdInt8,

    /// <summary><see cref="SimdInt8Scorer"/> with <see cref="SimdScorerOptions.Int8MaxBatch"/> 0: the int8 pass at every batch size (where the crossover comes from).</summary>
    SimdInt8Pass,

    /// <summary>As <see cref="SimdInt8Pass"/> on the AVX-512BW widening path (VPMADDUBSW + VPMADDWD), whatever the CPU's best: to compare it with AVX-VNNI where both exist.</summary>
    SimdInt8Avx512Pass,

    /// <summary>The LibTorch reference (<see cref="TorchExactScorer"/>): tiled matmul plus exact selection, the naive baseline.</summary>
    Torch,
}

internal static class ScorerKinds
{
    public static IItemScorer Create(ScorerKind kind, ItemCatalog catalog) => kind switch
    {
        ScorerKind.Simd => new SimdBlockedScorer(catalog),
        ScorerKind.SimdInt8 => new SimdInt8Scorer(catalog),
        ScorerKind.SimdInt8Pass => new SimdInt8Scorer(catalog, new SimdScorerOptions { Int8MaxBatch = 0 }),
        ScorerKind.SimdInt8Avx512Pass => new SimdInt8Scorer(catalog, new SimdScorerOptions { Int8MaxBatch = 0 }, Int8Path.Avx512, boundScale: 1f),
        ScorerKind.Torch => new TorchExactScorer(catalog, new TorchOptions()),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown scorer kind"),
    };
}
