using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Host.Tests.Infrastructure;

/// <summary>
/// The injected scoring fault of issue 13, a switch that only a test can throw: registered by the
/// test host over the server's <see cref="IItemScorerSource"/>, it wraps every scorer so that a
/// batch holding the poison query (every value <see cref="PoisonValue"/>) throws, and records that
/// batch's rows. Every other batch is scored by the real scorer.
/// </summary>
public sealed class PoisonedScorerSource(IItemScorerSource inner) : IItemScorerSource
{
    /// <summary>The value of every feature of the poison query; exact in text.</summary>
    public const float PoisonValue = 0.125f;

    /// <summary>The message of the injected fault.</summary>
    public const string FaultMessage = "injected scoring fault";

    private readonly TaskCompletionSource<float[][]> _failedBatch = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _faults;

    /// <summary>The poison query for a catalogue of <paramref name="dimension"/>.</summary>
    public static float[] Poison(int dimension) => Enumerable.Repeat(PoisonValue, dimension).ToArray();

    /// <summary>Completes with the rows of the first batch that failed.</summary>
    public Task<float[][]> FailedBatch => _failedBatch.Task;

    /// <summary>How many batches failed.</summary>
    public int Faults => Volatile.Read(ref _faults);

    public async Task<IItemScorer> LoadAsync(ScorerOverrides changes, CancellationToken cancellationToken) =>
        new PoisonedScorer(await inner.LoadAsync(changes, cancellationToken), this);

    private void Fail(float[][] rows)
    {
        Interlocked.Increment(ref _faults);
        _failedBatch.TrySetResult(rows);
        throw new InvalidOperationException(FaultMessage);
    }

    private sealed class PoisonedScorer(IItemScorer inner, PoisonedScorerSource source) : IItemScorer
    {
        public ItemCatalog Catalog => inner.Catalog;

        public int InputDimension => inner.InputDimension;

        public void ScoreTopK(ReadOnlySpan<float> queries, int rows, int k, Span<int> indices, Span<float> scores)
        {
            var width = InputDimension;
            var batch = new float[rows][];
            for (var r = 0; r < rows; r++)
            {
                batch[r] = queries.Slice(r * width, width).ToArray();
            }

            if (batch.Any(row => row.All(v => v == PoisonValue)))
            {
                source.Fail(batch);
            }

            inner.ScoreTopK(queries, rows, k, indices, scores);
        }

        public void Dispose() => inner.Dispose();
    }
}
