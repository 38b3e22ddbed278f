using System.Text;

namespace RsPipeline.GpuBench;

/// <summary>Writes gpu-bench.csv and gpu-bench.md into the output folder.</summary>
internal static class Report
{
    public static void Write(BenchOptions options, string heading, IReadOnlyList<BenchPoint> points)
    {
        var csv = new StringBuilder().AppendLine(BenchPoint.CsvHeader);
        foreach (var point in points)
        {
            csv.AppendLine(point.Csv);
        }

        File.WriteAllText(Path.Combine(options.OutDirectory, "gpu-bench.csv"), csv.ToString());
        var markdown = new StringBuilder()
            .AppendLine("# GPU scorer benchmark")
            .AppendLine()
            .AppendLine($"{DateTime.UtcNow:u}; d = {options.Dimension}, k = {options.K}, median of {options.Repeats} calls after one warm-up; one call = upload, bounds pass, threshold, collect pass, download, host ordering.")
            .AppendLine()
            .Append(heading)
            .AppendLine()
            .AppendLine("Targets (issue 19): B ≥ 256 at least 30% of the fp32 peak; B = 1 no slower than twice one read of the catalogue from device memory.")
            .AppendLine()
            .AppendLine("| N | B | ms per pass | queries/s | GFLOP/s | % of fp32 peak | × catalogue read | rows ≠ CPU | target |")
            .AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var point in points)
        {
            markdown.AppendLine(point.MarkdownRow);
        }

        File.WriteAllText(Path.Combine(options.OutDirectory, "gpu-bench.md"), markdown.ToString());
        Console.WriteLine($"wrote {options.OutDirectory}/gpu-bench.csv and gpu-bench.md");
    }
}
