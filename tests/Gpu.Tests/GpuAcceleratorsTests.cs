using RsPipeline.TestSupport.Reference;

namespace RsPipeline.Gpu.Tests;

public class GpuAcceleratorsTests
{
    [Fact]
    public void CudaWithoutTheDriverLibrary_ThrowsNamingTheLibraryAndTheWayOut()
    {
        var options = new GpuScorerOptions { Accelerator = GpuAcceleratorKind.Cuda };

        var error = Assert.Throws<GpuUnavailableException>(() => GpuAccelerators.Create(options, ["libcuda-absent-for-this-test.so.1"]));

        Assert.Contains("no NVIDIA driver", error.Message, StringComparison.Ordinal);
        Assert.Contains("libcuda-absent-for-this-test.so.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Inference:Gpu:Accelerator=Cpu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultCuda_OnThisMachine_EitherNamesTheMissingDriverOrScoresExactly()
    {
        var items = Enumerable.Range(0, 64 * 8).Select(i => (float)Math.Sin(i)).ToArray();
        var catalog = GpuTesting.Catalog(items, 64, 8);
        var options = new GpuScorerOptions { Accelerator = GpuAcceleratorKind.Cuda };

        if (CudaDriverLibrary.Find(CudaDriverLibrary.DefaultCandidates) is null)
        {
            // CI and development machines here: no NVIDIA driver.
            var error = Assert.Throws<GpuUnavailableException>(() => new GpuItemScorer(catalog, options));
            Assert.Contains(CudaDriverLibrary.DefaultCandidates[0], error.Message, StringComparison.Ordinal);
            return;
        }

        using var scorer = new GpuItemScorer(catalog, options);
        var query = items.AsSpan(8, 8).ToArray();
        var indices = new int[5];
        scorer.ScoreTopK(query, 1, 5, indices, new float[5]);
        TopKAssert.IsExactTopK(query, items, 64, 8, indices, 5);
    }

    [Fact]
    public void Cpu_OpensIlgpusCpuAccelerator()
    {
        var (context, accelerator) = GpuAccelerators.Create(GpuTesting.CpuOptions(cpuThreads: 8));
        using (context)
        using (accelerator)
        {
            Assert.Equal(ILGPU.Runtime.AcceleratorType.CPU, accelerator.AcceleratorType);
            Assert.Equal(8, accelerator.MaxNumThreadsPerGroup);
        }
    }
}
