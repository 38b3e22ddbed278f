using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace RsPipeline.Gpu;

/// <summary>Creates the ILGPU context and accelerator <see cref="GpuScorerOptions"/> name, or says precisely why it cannot.</summary>
internal static class GpuAccelerators
{
    private const string AcceleratorKey = GpuScorerOptions.SectionName + ":" + nameof(GpuScorerOptions.Accelerator);
    private const int CpuWarpThreads = 4;
    private const string DeviceIndexKey = GpuScorerOptions.SectionName + ":" + nameof(GpuScorerOptions.DeviceIndex);

    /// <summary>The context and accelerator; the caller disposes both (accelerator first).</summary>
    /// <exception cref="GpuUnavailableException">No NVIDIA driver, no usable CUDA device, or the index is out of range.</exception>
    public static (Context Context, Accelerator Accelerator) Create(GpuScorerOptions options, IReadOnlyList<string>? driverCandidates = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Accelerator == GpuAcceleratorKind.Cpu)
        {
            var cpuContext = Context.Create(builder => builder.CPU(CpuDevice(options.CpuThreadsPerGroup)));
            return (cpuContext, cpuContext.CreateCPUAccelerator(0));
        }

        CudaDriverLibrary.EnsureResolver();
        var candidates = driverCandidates ?? CudaDriverLibrary.DefaultCandidates;
        var driver = CudaDriverLibrary.Find(candidates) ?? throw new GpuUnavailableException(
            $"{AcceleratorKey} is Cuda, but no NVIDIA driver was found: none of {string.Join(", ", candidates)} could be loaded. "
            + "ILGPU needs only the NVIDIA driver (no CUDA toolkit). Install the driver (nvidia-smi should list the GPU), "
            + $"or set {AcceleratorKey}=Cpu to run the same kernels on ILGPU's CPU accelerator (slow: for tests), or choose another Inference:Scorer.");
        var context = Context.Create(builder => builder.Cuda());
        try
        {
            return (context, CreateCuda(context, options.DeviceIndex, driver));
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    // One simulated multiprocessor: the test runner already keeps the cores busy, and on a CPU every
    // group barrier costs a thread handoff, so small groups keep the kernels' tests quick.
    private static CPUDevice CpuDevice(int threadsPerGroup)
    {
        var warp = Math.Min(CpuWarpThreads, threadsPerGroup);
        return new CPUDevice(numThreadsPerWarp: warp, numWarpsPerMultiprocessor: threadsPerGroup / warp, numMultiprocessors: 1);
    }

    private static CudaAccelerator CreateCuda(Context context, int deviceIndex, string driver)
    {
        var devices = Enumerable.Range(0, context.GetCudaDevices().Count).Select(context.GetCudaDevice).ToArray();
        if (devices.Length == 0)
        {
            throw new GpuUnavailableException(NoUsableDevice(driver));
        }

        if (deviceIndex >= devices.Length)
        {
            throw new GpuUnavailableException(
                $"{DeviceIndexKey} is {deviceIndex}, but the driver offers {devices.Length} usable CUDA device(s): {Describe(devices)}");
        }

        try
        {
            return devices[deviceIndex].CreateCudaAccelerator(context);
        }
        catch (CudaException error)
        {
            throw new GpuUnavailableException($"CUDA device {deviceIndex} ({Describe([devices[deviceIndex]])}) could not be opened: {error.Message}", error);
        }
    }

    // ILGPU drops devices it cannot target; list everything the driver reports to say why.
    private static string NoUsableDevice(string driver)
    {
        var all = CudaDevice.GetDevices(_ => true);
        if (all.Length == 0)
        {
            return $"{AcceleratorKey} is Cuda and the NVIDIA driver ({driver}) loads, but it reports no CUDA device "
                + "(cuInit or cuDeviceGetCount failed, or counted 0): check nvidia-smi, CUDA_VISIBLE_DEVICES and, in a container, that the GPU is passed in.";
        }

        return $"{AcceleratorKey} is Cuda, but ILGPU 1.5.3 can use none of the {all.Length} CUDA device(s) the driver reports "
            + $"(a device needs a driver new enough for a PTX ISA ILGPU emits, 6.0 or later): {Describe(all.OfType<CudaDevice>())}";
    }

    private static string Describe(IEnumerable<CudaDevice> devices) =>
        string.Join("; ", devices.Select(d =>
            $"{d.Name} ({d.Architecture?.ToString() ?? "unknown architecture"}, driver CUDA {d.DriverVersion}, PTX ISA {d.InstructionSet?.ToString() ?? "none"})"));
}
