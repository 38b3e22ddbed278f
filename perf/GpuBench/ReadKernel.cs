using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;

namespace RsPipeline.GpuBench;

/// <summary>Times one read of the resident catalogue from device memory (a grid-stride sum), the floor a B = 1 pass is compared with.</summary>
internal static class ReadKernel
{
    private const int GroupsPerMultiprocessor = 8;
    private const int ThreadsPerGroup = 256;

    public static double MedianMilliseconds(Accelerator accelerator, ArrayView<float> data, int repeats)
    {
        var threads = Math.Min(ThreadsPerGroup, accelerator.MaxNumThreadsPerGroup);
        var groups = Math.Max(1, accelerator.NumMultiprocessors * GroupsPerMultiprocessor);
        using var sums = accelerator.Allocate1D<float>((long)groups * threads);
        var kernel = accelerator.LoadKernel<ArrayView<float>, ArrayView<float>>(Sum);
        var config = new KernelConfig(groups, threads);
        kernel(accelerator.DefaultStream, config, data, sums.View);
        accelerator.Synchronize();
        var times = new double[repeats];
        for (var r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            kernel(accelerator.DefaultStream, config, data, sums.View);
            accelerator.Synchronize();
            times[r] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times[repeats / 2];
    }

    // Each thread sums a strided share (coalesced across a warp) and stores it, so nothing is optimised away.
    private static void Sum(ArrayView<float> data, ArrayView<float> sums)
    {
        var thread = (Grid.IdxX * Group.DimX) + Group.IdxX;
        var stride = (long)Grid.DimX * Group.DimX;
        var sum = 0f;
        for (long i = thread; i < data.Length; i += stride)
        {
            sum += data[i];
        }

        sums[thread] = sum;
    }
}
