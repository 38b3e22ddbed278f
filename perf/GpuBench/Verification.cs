using RsPipeline.Catalog.Synthetic;
using RsPipeline.Gpu;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference.Simd;

namespace RsPipeline.GpuBench;

/// <summary>A sanity check beside the timings: 8 queries on the GPU against the project's exact CPU scorer (both fp32, so a swap of near-ties within rounding is possible but rare).</summary>
internal static class Verification
{
    private const int Rows = 8;

    public static int RowsDifferingFromSimd(ItemCatalog catalog, GpuItemScorer gpu, int k)
    {
        var queries = SyntheticCatalog.Generate(Rows, catalog.Dimension, 99);
        var gpuIndices = new int[Rows * k];
        var cpuIndices = new int[Rows * k];
        gpu.ScoreTopK(queries, Rows, k, gpuIndices, new float[Rows * k]);
        using (var simd = new SimdBlockedScorer(catalog))
        {
            simd.ScoreTopK(queries, Rows, k, cpuIndices, new float[Rows * k]);
        }

        var differing = 0;
        for (var r = 0; r < Rows; r++)
        {
            if (!gpuIndices.AsSpan(r * k, k).SequenceEqual(cpuIndices.AsSpan(r * k, k)))
            {
                differing++;
            }
        }

        Console.WriteLine($"verification: {differing} of {Rows} rows differ from the CPU Simd scorer (ids and order)");
        return differing;
    }
}
