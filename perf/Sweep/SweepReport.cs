using System.Globalization;
using System.Text;

namespace RsPipeline.Sweep;

/// <summary>The sweep's CSV (every point) and Markdown (the best point of each setting under the p99 bound, then every point).</summary>
internal static class SweepReport
{
    /// <summary>The highest-throughput clean point whose p99 is within the bound, or null.</summary>
    public static SweepPoint? BestUnder(IEnumerable<SweepPoint> points, double p99BoundMs) =>
        points.Where(p => p.Clean && p.P99Ms <= p99BoundMs).MaxBy(p => p.AchievedPerSecond);

    public static string Csv(IEnumerable<SweepPoint> points)
    {
        var text = new StringBuilder();
        text.AppendLine("setting,max_batch_size,max_batch_delay_ms,policy,offered_per_s,achieved_per_s,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,mean_batch_size,sent,failed,late_sends,verified,verification_failures,repeats,client_cpu_us_per_request,errors");
        foreach (var p in points)
        {
            text.AppendLine(F($"\"{p.Setting.Label}\",{p.Setting.MaxBatchSize},{p.Setting.DelayMs},{p.Setting.Policy},{p.OfferedPerSecond:F1},{p.AchievedPerSecond:F1},{p.P50Ms:F3},{p.P90Ms:F3},{p.P99Ms:F3},{p.P999Ms:F3},{p.MaxMs:F3},{Batch(p)},{p.Sent},{p.Failed},{p.LateSends},{p.VerifiedReplies},{p.VerificationFailures},{p.Repeats},{p.ClientCpuMicrosecondsPerRequest:F1},\"{p.Errors}\""));
        }

        return text.ToString();
    }

    public static string Markdown(IReadOnlyList<SweepPoint> points, SweepOptions options, string heading)
    {
        var text = new StringBuilder();
        text.AppendLine(F($"### {heading}")).AppendLine();
        text.AppendLine(F($"{options.Note}. API {options.Api}, open loop ({(options.Arrivals == LoadGeneration.ArrivalKind.Bursty ? "bursty: 2× the rate for 200 ms, 0.2× for 800 ms; achieved rates are means" : "Poisson")}), {options.PointDuration.TotalSeconds:F0} s per point after {options.Warmup.TotalSeconds:F0} s warm-up, median of {options.Repeats}. Best = highest achieved throughput with p99 ≤ {options.P99BoundMs} ms, no failed call, every sampled reply verified.")).AppendLine();
        text.AppendLine(F($"| setting | best req/s (p99 ≤ {options.P99BoundMs} ms) | p50 ms | p99 ms | mean batch | highest req/s at any latency |"));
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var group in points.GroupBy(p => p.Setting))
        {
            var best = BestUnder(group, options.P99BoundMs);
            var peak = group.Where(p => p.Clean).Select(p => p.AchievedPerSecond).DefaultIfEmpty(double.NaN).Max();
            text.AppendLine(best is null
                ? F($"| {group.Key.Label} | none within bound | | | | {peak:F0} |")
                : F($"| {group.Key.Label} | {best.AchievedPerSecond:F0} | {best.P50Ms:F1} | {best.P99Ms:F1} | {Batch(best)} | {peak:F0} |"));
        }

        var overall = BestUnder(points, options.P99BoundMs);
        var off = BestUnder(points.Where(p => p.Setting.BatchingOff), options.P99BoundMs);
        text.AppendLine();
        text.AppendLine(overall is null
            ? "No setting met the bound."
            : F($"Best setting under the bound: **{overall.Setting.Label}**, {overall.AchievedPerSecond:F0} req/s at p99 {overall.P99Ms:F1} ms{(off is null ? "" : F($" ({overall.AchievedPerSecond / off.AchievedPerSecond:F1}× batching off's {off.AchievedPerSecond:F0} req/s)"))}."));
        text.AppendLine().AppendLine("<details><summary>every point</summary>").AppendLine();
        text.AppendLine("| setting | offered req/s | achieved req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | mean batch | failed | late sends | verified |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in points)
        {
            text.AppendLine(F($"| {p.Setting.Label} | {p.OfferedPerSecond:F0} | {p.AchievedPerSecond:F0} | {p.P50Ms:F1} | {p.P90Ms:F1} | {p.P99Ms:F1} | {p.P999Ms:F1} | {Batch(p)} | {p.Failed} | {p.LateSends} | {p.VerifiedReplies - p.VerificationFailures}/{p.VerifiedReplies} |"));
        }

        return text.AppendLine().AppendLine("</details>").ToString();
    }

    private static string Batch(SweepPoint p) => p.MeanBatchSize is { } m ? m.ToString("F1", CultureInfo.InvariantCulture) : "n/a";

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
