using RsPipeline.Pipeline.Inference.Tower;

namespace RsPipeline.Pipeline.Inference;

/// <summary>
/// Which scorer the inference stage uses, and the optional user tower (configuration section
/// <c>Inference</c>). Each scorer's own knobs have their own section: <c>Inference:Simd</c>
/// (<see cref="Simd.SimdScorerOptions"/>) and <c>Inference:Torch</c> (RsPipeline.Torch's TorchOptions).
/// </summary>
public sealed class InferenceOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Inference";

    internal const ScorerKind DefaultScorer = ScorerKind.Simd;

    /// <summary>
    /// Which scorer implementation to use. Default <see cref="ScorerKind.Simd"/>, the project's CPU
    /// kernel (several times faster than LibTorch's CPU matmul, perf/README.md).
    /// </summary>
    public ScorerKind Scorer { get; set; } = DefaultScorer;

    /// <summary>
    /// The optional TorchScript user tower (<c>Inference:UserTower:Path</c>, <c>InputDimension</c>,
    /// <c>Method</c>). Default: none, the request vector is the user embedding.
    /// </summary>
    public UserTowerOptions UserTower { get; set; } = new();

    /// <summary>Whether this configuration needs LibTorch beside the catalogue: the Torch scorer or a user tower.</summary>
    internal bool NeedsTorch => Scorer == ScorerKind.Torch || UserTower.Path is not null;
}
