namespace RsPipeline.Gpu;

/// <summary>
/// The configured accelerator cannot be used: no NVIDIA driver, no CUDA device, a device index out of
/// range or a driver too old for ILGPU's PTX. The message names what is missing and what to do.
/// </summary>
public sealed class GpuUnavailableException : Exception
{
    /// <summary>Creates the exception with a message naming what is missing.</summary>
    public GpuUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message naming what is missing and the error behind it.</summary>
    public GpuUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an empty exception (for serializers and tools).</summary>
    public GpuUnavailableException()
    {
    }
}
