namespace RsPipeline.Pipeline.Inference;

/// <summary>Which implementation of <see cref="IItemScorer"/> scores a batch.</summary>
public enum ScorerKind
{
    /// <summary>LibTorch (TorchSharp) matmul with an exact selection: the reference, on any device.</summary>
    Torch = 0,

    /// <summary>The project's own cache-blocked SIMD kernel, CPU only.</summary>
    Simd = 1,

    /// <summary>ILGPU kernels on an NVIDIA GPU (PTX through the driver), or on ILGPU's CPU accelerator for tests (RsPipeline.Gpu).</summary>
    Gpu = 2,
}
