using Microsoft.Extensions.Options;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Reload;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests.Reload;

/// <summary>
/// A scorer being prepared (on a reload, while another serves) scores its warm-up and timing batches
/// one at a time inside the scorers' gate, as the inference loop scores a serving batch: never beside one.
/// </summary>
public class ScorerPreparationGateTests
{
    /// <summary>Records, for each batch, whether the gate was held while it scored.</summary>
    private sealed class GateWatchingScorer(ItemCatalog catalog, ScoringGate gate) : IItemScorer
    {
        private readonly NaiveScorer _inner = new(catalog);
        private readonly List<bool> _heldDuringBatches = [];

        public ItemCatalog Catalog => _inner.Catalog;

        public IReadOnlyList<bool> HeldDuringBatches
        {
            get
            {
                lock (_heldDuringBatches)
                {
                    return [.. _heldDuringBatches];
                }
            }
        }

        public void ScoreTopK(ReadOnlySpan<float> queries, int rows, int k, Span<int> indices, Span<float> scores)
        {
            lock (_heldDuringBatches)
            {
                _heldDuringBatches.Add(gate.IsHeld);
            }

            _inner.ScoreTopK(queries, rows, k, indices, scores);
        }

        public bool IsDisposed { get; private set; }

        public void Dispose()
        {
            IsDisposed = true;
            _inner.Dispose();
        }
    }

    private static ScorerPreparation Preparation(PipelineFixture fixture, IItemScorer scorer) =>
        new(new FixedScorerSource(scorer), fixture.Scorers, fixture.Settings, Options.Create(new RecallOptions { DefaultTopK = 5 }), new InferenceCostModel());

    [Fact]
    public async Task EveryWarmUpAndTimingBatch_ScoresInsideTheGate()
    {
        using var fixture = new PipelineFixture(new BatchingOptions { MaxBatchSize = 16, Policy = BatchingPolicy.LatencySlo });
        using var scorer = new GateWatchingScorer(TestCatalogs.Gaussian(120, 8, seed: 3), fixture.Scorers.Gate);

        await Preparation(fixture, scorer).PrepareAsync(ScorerOverrides.None, CancellationToken.None).DefaultTimeout();

        // The warm-up batch and the four timed ones.
        Assert.Equal([true, true, true, true, true], scorer.HeldDuringBatches);
        Assert.False(fixture.Scorers.Gate.IsHeld);
    }

    [Fact]
    public async Task WhileABatchHoldsTheGate_NothingIsScored_ThenPreparationGoesOn()
    {
        using var fixture = new PipelineFixture(new BatchingOptions { MaxBatchSize = 16, Policy = BatchingPolicy.LatencySlo });
        using var scorer = new GateWatchingScorer(TestCatalogs.Gaussian(120, 8, seed: 3), fixture.Scorers.Gate);
        var serving = fixture.Scorers.Gate.Enter();

        var prepared = Preparation(fixture, scorer).PrepareAsync(ScorerOverrides.None, CancellationToken.None);

        Assert.False(prepared.IsCompleted);
        Assert.Empty(scorer.HeldDuringBatches);
        serving.Dispose();
        await prepared.DefaultTimeout();
        Assert.Equal(5, scorer.HeldDuringBatches.Count);
    }

    [Fact]
    public async Task CancelledWhileWaitingForTheGate_TheScorerIsDisposedAndNothingScored()
    {
        using var fixture = new PipelineFixture(new BatchingOptions { MaxBatchSize = 16 });
        var scorer = new GateWatchingScorer(TestCatalogs.Gaussian(120, 8, seed: 3), fixture.Scorers.Gate);
        using var serving = fixture.Scorers.Gate.Enter();
        using var cancellation = new CancellationTokenSource();

        var prepared = Preparation(fixture, scorer).PrepareAsync(ScorerOverrides.None, cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => prepared.DefaultTimeout());
        Assert.Empty(scorer.HeldDuringBatches);
        Assert.True(scorer.IsDisposed);
    }
}
