using System.Globalization;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace RsPipeline.GpuBench;

/// <summary>The device's fp32 peak and memory bandwidth, from ILGPU's CUDA device properties (or given on the command line).</summary>
internal sealed record DeviceFigures(string Description, double PeakGflops, double BandwidthGbs, string Source)
{
    public static DeviceFigures For(Accelerator accelerator, double? peakOverride, double? bandwidthOverride)
    {
        if (accelerator is not CudaAccelerator cuda)
        {
            return new DeviceFigures(accelerator.Name, peakOverride ?? double.NaN, bandwidthOverride ?? double.NaN, "CPU accelerator: no peak known");
        }

        var device = cuda.Device;
        var arch = device.Architecture ?? new CudaArchitecture(0, 0);
        // FP32 lanes per multiprocessor (CUDA C Programming Guide, arithmetic instruction throughput).
        var lanes = arch.Major switch
        {
            < 8 => 64,
            8 when arch.Minor == 0 => 64,
            _ => 128,
        };
        var peak = 2.0 * device.NumMultiprocessors * lanes * device.ClockRate / 1000.0;
        // Double data rate: 2 transfers a memory clock over the bus width (the deviceQuery formula).
        var bandwidth = 2.0 * device.MemoryClockRate * (device.MemoryBusWidth / 8.0) / 1000.0;
        var description = string.Create(CultureInfo.InvariantCulture,
            $"{device.Name}, {arch}, driver CUDA {device.DriverVersion}, PTX ISA {cuda.InstructionSet}, {device.NumMultiprocessors} SMs × {lanes} FP32 lanes at {device.ClockRate} MHz, memory {device.MemoryClockRate} MHz × {device.MemoryBusWidth} bit, {device.MemorySize >> 30} GiB");
        var source = peakOverride is null && bandwidthOverride is null ? "ILGPU device properties" : "command line (nvidia-smi)";
        return new DeviceFigures(description, peakOverride ?? (peak > 0 ? peak : double.NaN), bandwidthOverride ?? (bandwidth > 0 ? bandwidth : double.NaN), source);
    }
}
