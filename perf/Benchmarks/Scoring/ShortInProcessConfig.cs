using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace RsPipeline.Benchmarks.Scoring;

/// <summary>
/// In-process (no generated project to build, so the repository's analyzer settings stay out of
/// the way) with few iterations, so the scoring grid runs in minutes on a two-core machine; the
/// report adds median, min and max to BenchmarkDotNet's mean.
/// </summary>
public sealed class ShortInProcessConfig : ManualConfig
{
    public ShortInProcessConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(7)
            .WithId("ShortInProcess"));

        // The machine is shared and noisy: the median of the iterations is the figure to quote.
        AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max);
    }
}
