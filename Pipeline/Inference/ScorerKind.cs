namespace RsPipeline.Pipeline.Inference;

/// <summary>Which implementation of <see cref="IItemScorer"/> scores a batch (<c>Inference:Scorer</c>).</summary>
public enum ScorerKind
{
    /// <summary>LibTorch (TorchSharp) matmul with an exact selection: the reference, and the path for a CUDA LibTorch (RsPipeline.Torch).</summary>
    Torch = 0,

    /// <summary>The project's own cache-blocked fp32 SIMD kernel, CPU only: exact, the default.</summary>
    Simd = 1,

    /// <summary>ILGPU kernels on an NVIDIA GPU (PTX through the driver), or on ILGPU's CPU accelerator for tests (RsPipeline.Gpu).</summary>
    Gpu = 2,

    /// <summary>
    /// An int8 first pass with a proven error bound, then an exact fp32 re-rank of the candidates
    /// (CPU only; AVX-VNNI, AVX-512BW or AVX2, else the Simd kernel with a log line): exact, like Simd.
    /// </summary>
    SimdInt8 = 3,
}
