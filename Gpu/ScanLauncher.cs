using ILGPU;
using ILGPU.Runtime;
using RsPipeline.Gpu.Kernels;

namespace RsPipeline.Gpu;

/// <summary>The compiled <see cref="ScanKernel"/> and its launch configuration: grid (bucket, query block), one group of ThreadsX × ThreadsY threads, the staged slices in dynamic shared memory.</summary>
internal sealed class ScanLauncher
{
    private readonly Action<AcceleratorStream, KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<uint>, ArrayView<uint>, ArrayView<int>, ArrayView<float>, ArrayView<int>, ScanShape> _kernel;

    public ScanLauncher(Accelerator accelerator) =>
        _kernel = accelerator.LoadKernel<ArrayView<float>, ArrayView<float>, ArrayView<uint>, ArrayView<uint>, ArrayView<int>, ArrayView<float>, ArrayView<int>, ScanShape>(ScanKernel.Run);

    public void Launch(
        AcceleratorStream stream, ArrayView<float> items, ArrayView<float> queries, ArrayView<uint> bucketKeys, ArrayView<uint> thresholds,
        ArrayView<int> counts, ArrayView<float> candidateScores, ArrayView<int> candidateItems, ScanShape shape)
    {
        var config = new KernelConfig(
            new Index2D(shape.BucketCount, shape.QueryBlocks),
            new Index2D(shape.ThreadsX * shape.ThreadsY, 1),
            SharedMemoryConfig.RequestDynamic<float>(ScanKernel.SharedFloats(shape.ThreadsX, shape.ThreadsY)));
        _kernel(stream, config, items, queries, bucketKeys, thresholds, counts, candidateScores, candidateItems, shape);
    }
}
