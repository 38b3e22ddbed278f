using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Reload;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests.Reload;

public class CatalogReloaderTests
{
    private sealed class ScriptedSource(Func<ScorerOverrides, IItemScorer> load) : IItemScorerSource
    {
        public Task<IItemScorer> LoadAsync(ScorerOverrides changes, CancellationToken cancellationToken) => Task.FromResult(load(changes));
    }

    private static CatalogReloader Reloader(PipelineFixture fixture, Func<ScorerOverrides, IItemScorer> load)
    {
        var preparation = new ScorerPreparation(new ScriptedSource(load), fixture.Scorers, fixture.Settings, Options.Create(new RecallOptions { DefaultTopK = 5 }));
        return new(fixture.Pipeline, fixture.Scorers, preparation, TimeProvider.System, NullLogger<CatalogReloader>.Instance);
    }

    private static BatchingOptions Batching() => new() { MaxBatchDelay = TimeSpan.FromMilliseconds(1) };

    [Fact]
    public async Task Reload_SwapsAndReportsBothVersions()
    {
        using var fixture = new PipelineFixture(Batching());
        using var reloader = Reloader(fixture, _ => new NaiveScorer(TestCatalogs.Gaussian(120, 8, seed: 99)));

        var result = await reloader.ReloadAsync(ScorerOverrides.None, CancellationToken.None).DefaultTimeout();

        Assert.Equal(fixture.Catalog.Version, result.PreviousVersion);
        Assert.Equal("test-120x8-99", result.CatalogVersion);
        Assert.Equal((120, 8, 8), (result.ItemCount, result.Dimension, result.InputDimension));
        Assert.Equal("test-120x8-99", (await fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] }).DefaultTimeout()).CatalogVersion);
    }

    [Fact]
    public async Task CorruptFile_IsRefused_AndTheCurrentCatalogueKeepsServing()
    {
        using var fixture = new PipelineFixture(Batching());
        using var reloader = Reloader(fixture, _ => throw new CatalogLoadException("/data/items.npy", "data is truncated"));

        var error = await Assert.ThrowsAsync<CatalogReloadException>(() => reloader.ReloadAsync(ScorerOverrides.None, CancellationToken.None)).DefaultTimeout();

        Assert.Equal(CatalogReloadFailure.FailedPrecondition, error.Failure);
        Assert.Contains("/data/items.npy: data is truncated", error.Message, StringComparison.Ordinal);
        Assert.Contains($"still serving {fixture.Catalog.Version}", error.Message, StringComparison.Ordinal);
        var result = await fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] }).DefaultTimeout();
        Assert.Equal(fixture.Catalog.Version, result.CatalogVersion);
    }

    [Fact]
    public async Task AnotherRequestDimension_IsRefused_AndTheNewScorerDisposed()
    {
        using var fixture = new PipelineFixture(Batching());
        var wider = new DisposalRecorder(new NaiveScorer(TestCatalogs.Gaussian(50, 16, seed: 5)));
        using var reloader = Reloader(fixture, _ => wider);

        var error = await Assert.ThrowsAsync<CatalogReloadException>(() => reloader.ReloadAsync(ScorerOverrides.None, CancellationToken.None)).DefaultTimeout();

        Assert.Equal(CatalogReloadFailure.FailedPrecondition, error.Failure);
        Assert.Equal(
            $"the new catalogue was refused, still serving {fixture.Catalog.Version}: the new catalogue expects request vectors of 16 values, the one serving 8; changing the request dimension needs a restart",
            error.Message);
        Assert.True(wider.Disposed);
        Assert.Equal(fixture.Catalog.Version, fixture.Pipeline.CatalogVersion);
    }

    [Fact]
    public async Task InvalidSettings_AreAnInvalidArgument()
    {
        using var fixture = new PipelineFixture(Batching());
        using var reloader = Reloader(fixture, _ => throw new OptionsValidationException("Catalog", typeof(CatalogOptions), ["Catalog:EmbeddingsPath: file 'x.npy' does not exist"]));

        var error = await Assert.ThrowsAsync<CatalogReloadException>(() => reloader.ReloadAsync(new ScorerOverrides { EmbeddingsPath = "x.npy" }, CancellationToken.None)).DefaultTimeout();

        Assert.Equal(CatalogReloadFailure.InvalidArgument, error.Failure);
        Assert.Contains("x.npy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BeforeServing_ReloadIsRefused()
    {
        using var fixture = new PipelineFixture(Batching(), activate: false);
        using var reloader = Reloader(fixture, _ => throw new InvalidOperationException("must not load"));

        var error = await Assert.ThrowsAsync<CatalogReloadException>(() => reloader.ReloadAsync(ScorerOverrides.None, CancellationToken.None)).DefaultTimeout();

        Assert.Contains("not serving", error.Message, StringComparison.Ordinal);
    }

    private sealed class DisposalRecorder(IItemScorer inner) : IItemScorer
    {
        public bool Disposed { get; private set; }

        public ItemCatalog Catalog => inner.Catalog;

        public void ScoreTopK(ReadOnlySpan<float> queries, int rows, int k, Span<int> indices, Span<float> scores) => inner.ScoreTopK(queries, rows, k, indices, scores);

        public void Dispose() => Disposed = true;
    }
}
