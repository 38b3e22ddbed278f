using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RsPipeline.LoadGeneration;

/// <summary>Human-readable and JSON forms of a <see cref="LoadResult"/>.</summary>
public static class ResultText
{
    /// <summary>JSON options used for every file the tools write (indented, NaN as a string).</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    /// <summary>A few lines: rates, percentiles, errors, lateness, verification.</summary>
    public static string Describe(LoadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        var load = result.Mode == "open"
            ? F($"open loop, offered {result.OfferedPerSecond:F1} req/s (Poisson)")
            : F($"closed loop, {result.Concurrency} callers");
        text.AppendLine(F($"{load}: sent {result.Sent}, ok {result.Succeeded}, failed {result.Failed} in {result.ElapsedSeconds:F2} s"));
        text.AppendLine(F($"  achieved {result.AchievedPerSecond:F1} req/s"));
        var l = result.Latency;
        text.AppendLine(F($"  latency ms: p50 {l.P50Ms:F2}  p90 {l.P90Ms:F2}  p99 {l.P99Ms:F2}  p99.9 {l.P999Ms:F2}  max {l.MaxMs:F2}  mean {l.MeanMs:F2}"));
        if (result.RefusalLatency is { } r && !double.IsNaN(r.P50Ms))
        {
            text.AppendLine(F($"  refusal latency ms: p50 {r.P50Ms:F2}  p99 {r.P99Ms:F2}  max {r.MaxMs:F2}"));
        }

        if (result.Mode == "open")
        {
            text.AppendLine(F($"  sends behind schedule: {result.LateSends} ({Percent(result.LateSends, result.Sent)}), mean lag {result.MeanSendLagMs:F2} ms, worst {result.MaxSendLagMs:F1} ms"));
        }

        text.AppendLine(result.Errors.Count == 0
            ? "  errors: none"
            : "  errors: " + string.Join(", ", result.Errors.Select(e => F($"{e.Key} {e.Value}"))));
        text.AppendLine(F($"  generator CPU: {result.ClientCpuMicrosecondsPerRequest:F1} µs per request"));
        var v = result.Verification;
        text.Append(v.Checked == 0
            ? "  verification: not run"
            : F($"  verification: {v.Checked - v.Failed}/{v.Checked} sampled replies match the brute-force reference{(v.Passed ? "" : " — FAILED")}"));
        foreach (var failure in v.FirstFailures)
        {
            text.AppendLine().Append("    ").Append(failure);
        }

        return text.ToString();
    }

    private static string Percent(long part, long whole) => whole == 0 ? "0%" : F($"{100.0 * part / whole:F2}%");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
