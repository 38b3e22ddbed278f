using System.Globalization;
using RsPipeline.Pipeline.Batching;

namespace RsPipeline.Perf.PipelineLoad;

/// <summary>A batching setting written "MaxBatchSize:DelayMs:Policy", e.g. "64:2:EagerWhenIdle".</summary>
internal sealed record BatchingSetting(int MaxBatchSize, double DelayMs, BatchingPolicy Policy)
{
    public string Label => MaxBatchSize == 1 ? "off (MaxBatchSize=1)" : $"{MaxBatchSize}/{DelayMs.ToString(CultureInfo.InvariantCulture)}ms/{Policy}";

    public static BatchingSetting Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 3)
        {
            throw new FormatException($"setting '{text}' must be MaxBatchSize:DelayMs:Policy");
        }

        return new BatchingSetting(
            int.Parse(parts[0], CultureInfo.InvariantCulture),
            double.Parse(parts[1], CultureInfo.InvariantCulture),
            Enum.Parse<BatchingPolicy>(parts[2], ignoreCase: true));
    }

    public BatchingOptions ToOptions(int queueCapacity) => new()
    {
        MaxBatchSize = MaxBatchSize,
        MaxBatchDelay = TimeSpan.FromMilliseconds(DelayMs),
        Policy = Policy,
        QueueCapacity = queueCapacity,
    };
}
