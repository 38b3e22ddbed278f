using System.Text.Json;
using RsPipeline.Host.Tests.Infrastructure;

namespace RsPipeline.Host.Tests.Lifecycle;

/// <summary>The one start-up line that says what the process serves, with what, and how it batches.</summary>
public sealed class StartupSummaryTests : IDisposable
{
    private const int ServingSummaryEventId = 1010;
    private const int PipelineServingEventId = 100;
    private readonly TestCatalog _catalog = new();

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task Serving_LogsOneLineWithTheCatalogueScorerAndEffectiveBatchingSettings()
    {
        await using var host = await HostProcess.StartAsync(TestServer.Arguments(
            _catalog,
            "--Logging:Console:FormatterName=json",
            "--Logging:LogLevel:Default=Information",
            "--Batching:Policy=FixedWindow",
            "--Batching:MaxBatchSize=32",
            "--Batching:MaxBatchDelay=00:00:00.003",
            "--Batching:QueueCapacity=1000",
            "--Batching:ParseParallelism=3",
            "--Batching:RespondParallelism=1"));
        Assert.Equal(0, await host.TerminateAsync(TimeSpan.FromSeconds(30)));

        var entries = host.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        var summary = Assert.Single(entries, entry => entry.GetProperty("EventId").GetInt32() == ServingSummaryEventId).GetProperty("State");
        var pipelineServing = Assert.Single(entries, entry => entry.GetProperty("EventId").GetInt32() == PipelineServingEventId).GetProperty("State");

        Assert.Equal(pipelineServing.GetProperty("CatalogVersion").GetString(), summary.GetProperty("CatalogVersion").GetString());
        Assert.Equal<string>(
            [$"{TestCatalog.Count}", $"{TestCatalog.Dimension}", $"{TestCatalog.Dimension}", "Simd", "SimdBlockedScorer", "FixedWindow", "32", "3", "1000", "3", "1"],
            new[] { "ItemCount", "Dimension", "InputDimension", "Scorer", "ScorerType", "BatchingPolicy", "MaxBatchSize", "MaxBatchDelayMs", "QueueCapacity", "ParseParallelism", "RespondParallelism" }
                .Select(name => summary.GetProperty(name).ToString()));
    }
}
