using System.Diagnostics;
using System.Globalization;
using System.Text;
using RsPipeline.Catalog.Synthetic;
using RsPipeline.Gpu;
using RsPipeline.GpuBench;
using RsPipeline.Catalog;

// Usage: GpuBench [--accelerator Cuda|Cpu] [--items 1000000,10000000] [--dim 64] [--k 100]
//                 [--batches 1,2,4,...,1024] [--repeats 5] [--out DIR] [--peak-gflops X] [--bandwidth-gbs Y]
var options = BenchOptions.Parse(args);
Directory.CreateDirectory(options.OutDirectory);
var points = new List<BenchPoint>();
var heading = new StringBuilder();
foreach (var items in options.Items)
{
    Console.WriteLine($"catalogue: {items:N0} × {options.Dimension}, seed 42 (generating…)");
    var values = SyntheticCatalog.Generate(items, options.Dimension, 42);
    var catalog = new ItemCatalog(values, items, options.Dimension, new LazyIds(items), SyntheticCatalog.VersionFor(items, options.Dimension, 42), "GpuBench");
    var clock = Stopwatch.StartNew();
    using var scorer = new GpuItemScorer(catalog, new GpuScorerOptions { Accelerator = options.Accelerator });
    Console.WriteLine($"scorer ready in {clock.Elapsed.TotalSeconds:F1} s on {scorer.DeviceDescription}");
    var device = DeviceFigures.For(scorer.Accelerator, options.PeakGflops, options.BandwidthGbs);
    var readMs = ReadKernel.MedianMilliseconds(scorer.Accelerator, scorer.ItemsView, options.Repeats);
    var readGbs = (double)items * options.Dimension * sizeof(float) / (readMs / 1000.0) / 1e9;
    var line = string.Create(CultureInfo.InvariantCulture,
        $"N = {items:N0}: {device.Description}; fp32 peak {device.PeakGflops:N0} GFLOP/s, bandwidth {device.BandwidthGbs:N0} GB/s ({device.Source}); catalogue read {readMs:F3} ms = {readGbs:N0} GB/s measured");
    Console.WriteLine(line);
    heading.AppendLine(CultureInfo.InvariantCulture, $"- {line}");
    var mismatches = Verification.RowsDifferingFromSimd(catalog, scorer, options.K);
    foreach (var batch in options.Batches)
    {
        var point = Measure(scorer, items, batch, readMs, device.PeakGflops, mismatches);
        points.Add(point);
        Console.WriteLine(point.MarkdownRow);
    }
}

Report.Write(options, heading.ToString(), points);
return 0;

BenchPoint Measure(GpuItemScorer scorer, int items, int batch, double readMs, double peakGflops, int mismatches)
{
    var queries = SyntheticCatalog.Generate(batch, options.Dimension, 7);
    var indices = new int[batch * options.K];
    var scores = new float[batch * options.K];
    scorer.ScoreTopK(queries, batch, options.K, indices, scores);
    var times = new double[options.Repeats];
    for (var r = 0; r < options.Repeats; r++)
    {
        var clock = Stopwatch.StartNew();
        scorer.ScoreTopK(queries, batch, options.K, indices, scores);
        times[r] = clock.Elapsed.TotalMilliseconds;
    }

    Array.Sort(times);
    return new BenchPoint(items, options.Dimension, batch, options.K, times[times.Length / 2], times[0], peakGflops, readMs, mismatches);
}
