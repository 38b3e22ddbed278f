using System.Globalization;

namespace RsPipeline.GpuBench;

/// <summary>One measured (N, B): median ms per ScoreTopK call and what follows from it.</summary>
internal sealed record BenchPoint(int Items, int Dimension, int Batch, int K, double MedianMs, double MinMs, double PeakGflops, double ReadMs, int Mismatches)
{
    public double QueriesPerSecond => Batch / (MedianMs / 1000.0);

    public double Gflops => 2.0 * Batch * Items * Dimension / (MedianMs / 1000.0) / 1e9;

    public double PercentOfPeak => 100.0 * Gflops / PeakGflops;

    public double TimesRead => MedianMs / ReadMs;

    /// <summary>The targets: ≥ 30% of fp32 peak at B ≥ 256; at B = 1 at most twice the catalogue read.</summary>
    public string Target => Batch switch
    {
        >= 256 => double.IsNaN(PercentOfPeak) ? "n/a" : PercentOfPeak >= 30 ? "met (≥ 30% peak)" : "MISSED (< 30% peak)",
        1 => TimesRead <= 2 ? "met (≤ 2× read)" : "MISSED (> 2× read)",
        _ => "",
    };

    public static string CsvHeader => "items,dim,batch,k,median_ms,min_ms,queries_per_s,gflops,percent_peak,read_ms,times_read,mismatches,target";

    public string Csv => string.Create(CultureInfo.InvariantCulture,
        $"{Items},{Dimension},{Batch},{K},{MedianMs:F3},{MinMs:F3},{QueriesPerSecond:F0},{Gflops:F1},{PercentOfPeak:F1},{ReadMs:F3},{TimesRead:F2},{Mismatches},{Target}");

    public string MarkdownRow => string.Create(CultureInfo.InvariantCulture,
        $"| {Items:N0} | {Batch} | {MedianMs:F3} | {QueriesPerSecond:N0} | {Gflops:N0} | {PercentOfPeak:F1}% | {TimesRead:F2}× | {Mismatches} | {Target} |");
}
