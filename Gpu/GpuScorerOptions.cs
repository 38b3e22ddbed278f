namespace RsPipeline.Gpu;

/// <summary>The GPU scorer's settings (configuration section <c>Inference:Gpu</c>).</summary>
public sealed class GpuScorerOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Inference:Gpu";

    internal const GpuAcceleratorKind DefaultAccelerator = GpuAcceleratorKind.Cuda;
    internal const int DefaultDeviceIndex = 0;
    internal const int DefaultThreadsPerGroup = 256;
    internal const int MinThreadsPerGroup = 16;
    internal const int MaxThreadsPerGroup = 1024;
    internal const int DefaultCandidateMemoryMegabytes = 1024;
    internal const int DefaultCpuThreadsPerGroup = 16;
    internal const int MaxCandidateMemoryMegabytes = 1 << 20;

    /// <summary>
    /// <see cref="GpuAcceleratorKind.Cuda"/> (an NVIDIA GPU) or <see cref="GpuAcceleratorKind.Cpu"/>
    /// (ILGPU's CPU accelerator, for tests). Default Cuda.
    /// </summary>
    public GpuAcceleratorKind Accelerator { get; set; } = DefaultAccelerator;

    /// <summary>Which CUDA device, counting from 0 in the driver's order (<c>CUDA_VISIBLE_DEVICES</c> applies). Default 0.</summary>
    public int DeviceIndex { get; set; } = DefaultDeviceIndex;

    /// <summary>
    /// Threads per group of the score kernel: a power of two from 16 to 1,024, lowered to the
    /// device's limit (16 on ILGPU's CPU accelerator). Each thread keeps a 4 × 4 tile of sums, so
    /// 256 threads score tiles of up to 64 queries × 64 items. Default 256.
    /// </summary>
    public int ThreadsPerGroup { get; set; } = DefaultThreadsPerGroup;

    /// <summary>
    /// Device memory for one batch's candidate lists (8 bytes a slot). Rows are collected in windows
    /// that fit; only batches with very many tied scores need more than one. Default 1,024 MB.
    /// </summary>
    public int CandidateMemoryMegabytes { get; set; } = DefaultCandidateMemoryMegabytes;

    /// <summary>
    /// Threads per group of ILGPU's CPU accelerator (a power of two, 1 to 16; the kernels' tests vary
    /// it). Not bound from configuration.
    /// </summary>
    internal int CpuThreadsPerGroup { get; set; } = DefaultCpuThreadsPerGroup;
}
