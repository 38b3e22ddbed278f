using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Reload;
using RsPipeline.Pipeline.Telemetry;
using RsPipeline.TestSupport;
using static RsPipeline.Pipeline.Telemetry.RsPipelineTelemetry;

namespace RsPipeline.Pipeline.Tests.Telemetry;

/// <summary>The catalogue's instruments: the serving version and size (observed) and every reload's duration and outcome.</summary>
public class CatalogMetricsTests
{
    [Fact]
    public async Task InfoAndItems_ObserveOnlyTheCatalogueServing()
    {
        using var telemetry = new RsPipelineTelemetry();
        using var info = new MetricCollector<int>(telemetry.Meter, Instruments.CatalogInfo);
        using var items = new MetricCollector<int>(telemetry.Meter, Instruments.CatalogItems);
        using var fixture = new PipelineFixture(new BatchingOptions(), telemetry: telemetry, activate: false);
        var next = new NaiveScorer(TestCatalogs.Gaussian(120, 8, seed: 99));

        var beforeServing = Observe(info, items);
        fixture.Pipeline.Activate(fixture.Scorer);
        var serving = Observe(info, items);
        (await fixture.Scorers.Replace(next).DefaultTimeout())!.Dispose();
        var reloaded = Observe(info, items);

        Assert.Equal((0, 0), (beforeServing.Info.Count, beforeServing.Items.Count));
        Assert.Equal([(1, fixture.Catalog.Version)], serving.Info);
        Assert.Equal([fixture.Catalog.Count], serving.Items);
        Assert.Equal([(1, next.Catalog.Version)], reloaded.Info);
        Assert.Equal([120], reloaded.Items);
    }

    [Fact]
    public async Task Reloads_RecordedByOutcome()
    {
        using var telemetry = new RsPipelineTelemetry();
        using var loads = new MetricCollector<double>(telemetry.Meter, Instruments.CatalogLoadDuration);
        using var fixture = new PipelineFixture(new BatchingOptions());
        var outcomes = new Queue<Func<IItemScorer>>([() => new NaiveScorer(TestCatalogs.Gaussian(50, 8, seed: 5)), () => throw new CatalogLoadException("/data/items.npy", "data is truncated")]);
        var preparation = new ScorerPreparation(new ScriptedSource(() => outcomes.Dequeue()()), fixture.Scorers, fixture.Settings, Options.Create(new RecallOptions { DefaultTopK = 5 }));
        using var reloader = new CatalogReloader(fixture.Pipeline, fixture.Scorers, preparation, TimeProvider.System, NullLogger<CatalogReloader>.Instance, telemetry);

        await reloader.ReloadAsync(ScorerOverrides.None, CancellationToken.None).DefaultTimeout();
        await Assert.ThrowsAsync<CatalogReloadException>(() => reloader.ReloadAsync(ScorerOverrides.None, CancellationToken.None)).DefaultTimeout();

        Assert.Equal(
            [(CatalogLoadKinds.Reload, CatalogLoadOutcomes.Ok), (CatalogLoadKinds.Reload, CatalogLoadOutcomes.Failed)],
            loads.GetMeasurementSnapshot().Select(m => ((string)m.Tags[Attributes.CatalogLoadKind]!, (string)m.Tags[Attributes.CatalogLoadOutcome]!)));
        Assert.All(loads.GetMeasurementSnapshot(), m => Assert.True(m.Value >= 0));
    }

    [Fact]
    public async Task ReloadRefusedBeforeLoading_NotALoad()
    {
        using var telemetry = new RsPipelineTelemetry();
        using var loads = new MetricCollector<double>(telemetry.Meter, Instruments.CatalogLoadDuration);
        using var fixture = new PipelineFixture(new BatchingOptions(), activate: false);
        var preparation = new ScorerPreparation(new ScriptedSource(() => throw new InvalidOperationException("not called")), fixture.Scorers, fixture.Settings, Options.Create(new RecallOptions()));
        using var reloader = new CatalogReloader(fixture.Pipeline, fixture.Scorers, preparation, TimeProvider.System, NullLogger<CatalogReloader>.Instance, telemetry);

        await Assert.ThrowsAsync<CatalogReloadException>(() => reloader.ReloadAsync(ScorerOverrides.None, CancellationToken.None)).DefaultTimeout();

        Assert.Empty(loads.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task StartUpLoad_RecordedAsStartOk()
    {
        using var host = BuildHost(new() { ["Catalog:SyntheticItemCount"] = "300", ["Catalog:SyntheticDimension"] = "8" });
        using var loads = new MetricCollector<double>(host.Services.GetRequiredService<RsPipelineTelemetry>().Meter, Instruments.CatalogLoadDuration);

        await host.StartAsync().DefaultTimeout();
        await host.Services.GetRequiredService<RecallPipelineService>().Loading.DefaultTimeout();
        await host.StopAsync().DefaultTimeout();

        var load = Assert.Single(loads.GetMeasurementSnapshot());
        Assert.Equal((CatalogLoadKinds.Start, CatalogLoadOutcomes.Ok), ((string)load.Tags[Attributes.CatalogLoadKind]!, (string)load.Tags[Attributes.CatalogLoadOutcome]!));
    }

    [Fact]
    public async Task StartUpLoadFailing_RecordedAsStartFailed()
    {
        using var directory = new TemporaryDirectory();
        var corrupt = directory.File("items.npy", "this is not a NumPy file");
        using var host = BuildHost(new() { ["Catalog:EmbeddingsPath"] = corrupt });
        using var loads = new MetricCollector<double>(host.Services.GetRequiredService<RsPipelineTelemetry>().Meter, Instruments.CatalogLoadDuration);

        await host.StartAsync().DefaultTimeout();
        await Assert.ThrowsAnyAsync<Exception>(() => host.Services.GetRequiredService<RecallPipelineService>().Loading.DefaultTimeout());
        await host.StopAsync().DefaultTimeout();

        var load = Assert.Single(loads.GetMeasurementSnapshot());
        Assert.Equal((CatalogLoadKinds.Start, CatalogLoadOutcomes.Failed), ((string)load.Tags[Attributes.CatalogLoadKind]!, (string)load.Tags[Attributes.CatalogLoadOutcome]!));
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddRecallPipeline(builder.Configuration);
        return builder.Build();
    }

    private static (List<(int Value, string Version)> Info, List<int> Items) Observe(MetricCollector<int> info, MetricCollector<int> items)
    {
        info.Clear();
        items.Clear();
        info.RecordObservableInstruments();
        items.RecordObservableInstruments();
        return (
            info.GetMeasurementSnapshot().Select(m => (m.Value, (string)m.Tags[Attributes.CatalogInfoVersion]!)).ToList(),
            items.GetMeasurementSnapshot().Select(m => m.Value).ToList());
    }

    private sealed class ScriptedSource(Func<IItemScorer> load) : IItemScorerSource
    {
        public Task<IItemScorer> LoadAsync(ScorerOverrides changes, CancellationToken cancellationToken) => Task.FromResult(load());
    }
}
