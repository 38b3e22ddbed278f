using System.Globalization;

namespace RsPipeline.Sweep;

/// <summary>
/// A batching setting written "MaxBatchSize:DelayMs:Policy", e.g. "64:2:EagerWhenIdle"; MaxBatchSize 1 is
/// batching off. For LatencySlo the middle number is the latency target in ms ("128:25:LatencySlo").
/// </summary>
internal sealed record SweepSetting(int MaxBatchSize, double DelayMs, string Policy)
{
    public bool BatchingOff => MaxBatchSize == 1;

    public string Label => BatchingOff
        ? "batching off (MaxBatchSize=1)"
        : IsLatencySlo
            ? string.Create(CultureInfo.InvariantCulture, $"{MaxBatchSize} / LatencySlo, target {DelayMs} ms")
            : string.Create(CultureInfo.InvariantCulture, $"{MaxBatchSize} / {DelayMs} ms / {Policy}");

    public bool IsLatencySlo => Policy == "LatencySlo";

    public static SweepSetting Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var delay) || delay < 0
            || parts[2] is not ("FixedWindow" or "EagerWhenIdle" or "LatencySlo")
            || (parts[2] == "LatencySlo" && delay <= 0))
        {
            throw new FormatException($"setting '{text}' must be MaxBatchSize:DelayMs:Policy, e.g. 64:2:EagerWhenIdle (Policy FixedWindow, EagerWhenIdle, or LatencySlo with the target in ms: 128:25:LatencySlo)");
        }

        return new SweepSetting(size, delay, parts[2]);
    }

    /// <summary>The server's command-line arguments for this setting.</summary>
    public IEnumerable<string> ServerArguments()
    {
        yield return $"--Batching:MaxBatchSize={MaxBatchSize}";
        var span = TimeSpan.FromMilliseconds(DelayMs).ToString("c", CultureInfo.InvariantCulture);
        yield return IsLatencySlo ? $"--Batching:LatencyTarget={span}" : $"--Batching:MaxBatchDelay={span}";
        yield return $"--Batching:Policy={Policy}";
        yield return $"--Batching:QueueCapacity={Math.Max(4096, MaxBatchSize)}";
    }
}
