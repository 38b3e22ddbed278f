using System.Globalization;
using RsPipeline.Gpu;

namespace RsPipeline.GpuBench;

/// <summary>The command line, with the defaults: N = 1M and 10M, d = 64, k = 100, B = 1 … 1,024.</summary>
internal sealed record BenchOptions(
    GpuAcceleratorKind Accelerator, int[] Items, int Dimension, int K, int[] Batches, int Repeats, string OutDirectory, double? PeakGflops, double? BandwidthGbs)
{
    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        return new BenchOptions(
            Enum.Parse<GpuAcceleratorKind>(Get("--accelerator", "Cuda"), ignoreCase: true),
            Ints(Get("--items", "1000000,10000000")),
            int.Parse(Get("--dim", "64"), CultureInfo.InvariantCulture),
            int.Parse(Get("--k", "100"), CultureInfo.InvariantCulture),
            Ints(Get("--batches", "1,2,4,8,16,32,64,128,256,512,1024")),
            int.Parse(Get("--repeats", "5"), CultureInfo.InvariantCulture),
            Get("--out", "perf/results/gpu"),
            Double(values.GetValueOrDefault("--peak-gflops")),
            Double(values.GetValueOrDefault("--bandwidth-gbs")));

        string Get(string key, string fallback) => values.GetValueOrDefault(key, fallback);
    }

    private static int[] Ints(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    private static double? Double(string? text) => string.IsNullOrWhiteSpace(text) ? null : double.Parse(text, CultureInfo.InvariantCulture);
}
