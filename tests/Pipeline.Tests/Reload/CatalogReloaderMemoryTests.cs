using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Reload;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests.Reload;

public class CatalogReloaderMemoryTests
{
    private const int CollectionRounds = 20;
    private static readonly TimeSpan BetweenRounds = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Reload_ReclaimsOnce_AfterThePreviousScorerIsDisposed()
    {
        using var fixture = new PipelineFixture(Batching());
        var first = new DisposalRecorder(new NaiveScorer(TestCatalogs.Gaussian(40, 8, seed: 1)));
        var second = new DisposalRecorder(new NaiveScorer(TestCatalogs.Gaussian(40, 8, seed: 2)));
        var next = new Queue<IItemScorer>([first, second]);
        var reclaimer = new RecordingReclaimer(() => first.Disposed);
        using var reloader = Reloader(fixture, () => next.Dequeue(), reclaimer);

        await reloader.ReloadAsync(ScorerOverrides.None, CancellationToken.None).DefaultTimeout();
        await fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] }).DefaultTimeout();
        await reloader.ReloadAsync(ScorerOverrides.None, CancellationToken.None).DefaultTimeout();

        // The first call replaced the fixture's scorer, the second replaced `first`, already disposed when it reclaimed.
        Assert.Equal([false, true], reclaimer.SeenDisposed);
        Assert.False(second.Disposed);
    }

    [Fact]
    public async Task FailedReload_DoesNotReclaim()
    {
        using var fixture = new PipelineFixture(Batching());
        var reclaimer = new RecordingReclaimer(() => false);
        using var reloader = Reloader(fixture, () => throw new CatalogLoadException("/data/items.npy", "data is truncated"), reclaimer);

        await Assert.ThrowsAsync<CatalogReloadException>(() => reloader.ReloadAsync(ScorerOverrides.None, CancellationToken.None)).DefaultTimeout();

        Assert.Empty(reclaimer.SeenDisposed);
    }

    [Fact]
    public async Task Reload_LeavesThePreviousCatalogueUnreachable()
    {
        using var fixture = new PipelineFixture(Batching());
        WeakReference? replaced = null;
        var loads = 0;
        using var reloader = Reloader(fixture, () => Load(++loads == 1 ? (replaced = new WeakReference(null)) : null), new RecordingReclaimer(() => false));

        await reloader.ReloadAsync(ScorerOverrides.None, CancellationToken.None).DefaultTimeout();
        await reloader.ReloadAsync(ScorerOverrides.None, CancellationToken.None).DefaultTimeout();
        await fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8] }).DefaultTimeout();

        Assert.NotNull(replaced);
        Assert.False(await StaysReachable(replaced), "the catalogue a reload replaced is still referenced after its scorer was released");
    }

    [Fact]
    public async Task GarbageCollectorReclaimer_CollectsOnlyAfterTheSettleDelay()
    {
        var time = new FakeTimeProvider();
        var before = GC.CollectionCount(GC.MaxGeneration);

        var reclaiming = new GarbageCollectorReclaimer(time, NullLogger<GarbageCollectorReclaimer>.Instance).ReclaimAsync();
        Assert.False(reclaiming.IsCompleted);
        time.Advance(GarbageCollectorReclaimer.SettleDelay);
        await reclaiming.DefaultTimeout();

        Assert.True(GC.CollectionCount(GC.MaxGeneration) > before);
    }

    // Whether `weak`'s target survives full collections made on a fresh pool thread (off any stack that
    // was running a continuation of the reload) a few times, the others given a moment between rounds:
    // on a busy machine a continuation that has just let go of the catalogue may not have returned yet
    // at the first round. A catalogue that stays referenced survives every round.
    private static async Task<bool> StaysReachable(WeakReference weak)
    {
        for (var round = 0; round < CollectionRounds; round++)
        {
            var alive = await Task.Run(() =>
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                return weak.IsAlive;
            });
            if (!alive)
            {
                return false;
            }

            await Task.Delay(BetweenRounds);
        }

        return true;
    }

    // A new scorer over a new catalogue, noted in `weak` when given; no strong reference stays here.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static NaiveScorer Load(WeakReference? weak)
    {
        var scorer = new NaiveScorer(TestCatalogs.Gaussian(40, 8, seed: 3));
        if (weak is not null)
        {
            weak.Target = scorer.Catalog;
        }

        return scorer;
    }

    private static CatalogReloader Reloader(PipelineFixture fixture, Func<IItemScorer> load, IMemoryReclaimer reclaimer)
    {
        var preparation = new ScorerPreparation(new ScriptedSource(load), fixture.Scorers, fixture.Settings, Options.Create(new RecallOptions { DefaultTopK = 5 }));
        return new(fixture.Pipeline, fixture.Scorers, preparation, TimeProvider.System, NullLogger<CatalogReloader>.Instance, reclaimer: reclaimer);
    }

    private static BatchingOptions Batching() => new() { MaxBatchDelay = TimeSpan.FromMilliseconds(1) };

    private sealed class ScriptedSource(Func<IItemScorer> load) : IItemScorerSource
    {
        public Task<IItemScorer> LoadAsync(ScorerOverrides changes, CancellationToken cancellationToken) => Task.FromResult(load());
    }

    private sealed class RecordingReclaimer(Func<bool> previousDisposed) : IMemoryReclaimer
    {
        public List<bool> SeenDisposed { get; } = [];

        public Task ReclaimAsync()
        {
            SeenDisposed.Add(previousDisposed());
            return Task.CompletedTask;
        }
    }

    private sealed class DisposalRecorder(IItemScorer inner) : IItemScorer
    {
        public bool Disposed { get; private set; }

        public ItemCatalog Catalog => inner.Catalog;

        public void ScoreTopK(ReadOnlySpan<float> queries, int rows, int k, Span<int> indices, Span<float> scores) => inner.ScoreTopK(queries, rows, k, indices, scores);

        public void Dispose() => Disposed = true;
    }
}
