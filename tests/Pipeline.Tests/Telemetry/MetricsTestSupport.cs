using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using RsPipeline.Pipeline.Batching;

namespace RsPipeline.Pipeline.Tests.Telemetry;

/// <summary>What the pipeline's metrics tests share: fixed-size batches, and a counter's total for one tag value.</summary>
internal static class MetricsTestSupport
{
    /// <summary>Batches of exactly <paramref name="size"/> (FixedWindow, a window long enough never to fire first).</summary>
    public static BatchingOptions FixedBatches(int size) =>
        new() { MaxBatchSize = size, MaxBatchDelay = TimeSpan.FromSeconds(1), Policy = BatchingPolicy.FixedWindow, QueueCapacity = 64, ParseParallelism = 2, RespondParallelism = 2 };

    /// <summary>The sum of the counter's measurements whose tag <paramref name="key"/> is <paramref name="value"/>.</summary>
    public static long Count(MetricCollector<long> collector, string key, string value) =>
        collector.GetMeasurementSnapshot().Where(m => Equals(m.Tags[key], value)).Sum(m => m.Value);
}
