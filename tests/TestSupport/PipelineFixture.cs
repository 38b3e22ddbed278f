using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RsPipeline.Catalog;
using RsPipeline.Pipeline;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Reload;
using RsPipeline.Pipeline.Telemetry;

namespace RsPipeline.TestSupport;

/// <summary>A pipeline over a small catalogue and a <see cref="NaiveScorer"/>, with its settings in the test's hands.</summary>
public sealed class PipelineFixture : IDisposable
{
    public PipelineFixture(BatchingOptions batching, TimeProvider? time = null, RecallOptions? recall = null, ItemCatalog? catalog = null, bool activate = true, RsPipelineTelemetry? telemetry = null)
    {
        Catalog = catalog ?? TestCatalogs.Gaussian(300, 8, seed: 7);
        Scorer = new NaiveScorer(Catalog);
        Monitor = new TestOptionsMonitor<BatchingOptions>(batching);
        Settings = new LiveBatchingSettings(Monitor, NullLogger<LiveBatchingSettings>.Instance);
        Scorers = new ScorerSlot();
        Pipeline = new RecallPipeline(Settings, Options.Create(recall ?? new RecallOptions()), Scorers, time ?? TimeProvider.System, NullLogger<RecallPipeline>.Instance, telemetry);
        if (activate)
        {
            Pipeline.Activate(Scorer);
        }
    }

    public ItemCatalog Catalog { get; }

    public NaiveScorer Scorer { get; }

    public TestOptionsMonitor<BatchingOptions> Monitor { get; }

    public LiveBatchingSettings Settings { get; }

    public ScorerSlot Scorers { get; }

    public RecallPipeline Pipeline { get; }

    public static int IndexOf(string itemId) => int.Parse(itemId.AsSpan("item-".Length), System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        Scorer.Release();
        Pipeline.Dispose();
    }
}
