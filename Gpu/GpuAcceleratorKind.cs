namespace RsPipeline.Gpu;

/// <summary>Where <see cref="GpuItemScorer"/>'s kernels run (<c>Inference:Gpu:Accelerator</c>).</summary>
public enum GpuAcceleratorKind
{
    /// <summary>An NVIDIA GPU through its driver: ILGPU emits PTX and the driver compiles it; no CUDA toolkit needed.</summary>
    Cuda = 0,

    /// <summary>ILGPU's CPU accelerator: the same kernels, threads simulating the groups. For tests, not for speed.</summary>
    Cpu = 1,
}
