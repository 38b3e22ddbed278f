using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Pipeline.Reload;

/// <summary>
/// Makes a scorer ready to serve, the same way at start-up and on every reload: load the configured
/// catalogue and scorer (with the reload's changes), check that it can replace the one serving
/// (the one dimension check), warm it up with a batch of the live MaxBatchSize, and, when given an
/// <see cref="InferenceCostModel"/>, time it on batches of several sizes and seed the model with them
/// (so that LatencySlo predicts right from the scorer's first request). Each of these batches scores
/// alone, inside the scorers' <see cref="ScoringGate"/>: on a reload the serving batches take turns with
/// them instead of sharing the cores (two scorers' worker threads on the same cores each wait for a
/// thread the other holds), and the times that seed the model are the scorer's own.
/// </summary>
public sealed class ScorerPreparation
{
    private readonly IItemScorerSource _source;
    private readonly ScorerSlot _scorers;
    private readonly LiveBatchingSettings _batching;
    private readonly RecallOptions _recall;
    private readonly InferenceCostModel? _costModel;
    private readonly ILogger? _logger;

    /// <summary>Creates the preparation for the scorers <paramref name="source"/> loads, to go into <paramref name="scorers"/>; warm-up timings seed <paramref name="costModel"/> when given.</summary>
    public ScorerPreparation(IItemScorerSource source, ScorerSlot scorers, LiveBatchingSettings batching, IOptions<RecallOptions> recall, InferenceCostModel? costModel = null, ILogger<ScorerPreparation>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(recall);
        _costModel = costModel;
        _logger = logger;
        _source = source;
        _scorers = scorers;
        _batching = batching;
        _recall = recall.Value;
    }

    /// <summary>Loads, checks and warms up a scorer; the caller owns (installs or disposes) it.</summary>
    /// <exception cref="InvalidOperationException">It cannot replace the scorer serving (another request dimension).</exception>
    public async Task<PreparedScorer> PrepareAsync(ScorerOverrides changes, CancellationToken cancellationToken)
    {
        var scorer = await _source.LoadAsync(changes, cancellationToken).ConfigureAwait(false);
        try
        {
            _scorers.EnsureCanReplace(scorer);
            var rows = _batching.Current.MaxBatchSize;
            var warmUp = await ScoreAloneAsync(scorer, rows, cancellationToken).ConfigureAwait(false);
            if (_costModel is not null)
            {
                var profile = new List<(int Size, TimeSpan Elapsed)>();
                foreach (var size in ScorerWarmUp.ProfileSizes(scorer, rows))
                {
                    profile.Add((size, await ScoreAloneAsync(scorer, size, cancellationToken).ConfigureAwait(false)));
                }

                _costModel.Seed(scorer, profile);
                if (_logger is not null)
                {
                    var (one, full) = (_costModel.Predict(1), _costModel.Predict(rows));
                    BatchingLog.CostModelSeeded(_logger, profile.Count, one.TotalMilliseconds, full.TotalMilliseconds, rows);
                }
            }

            return new PreparedScorer(scorer, rows, warmUp);
        }
        catch
        {
            scorer.Dispose();
            throw;
        }
    }

    // One warm-up batch of `rows` queries, between two serving batches: the gate is held while it scores.
    private async Task<TimeSpan> ScoreAloneAsync(IItemScorer scorer, int rows, CancellationToken cancellationToken)
    {
        using (await _scorers.Gate.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            return await Task.Run(() => ScorerWarmUp.Run(scorer, rows, _recall.DefaultTopK), cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>A scorer loaded, checked and warmed up.</summary>
/// <param name="Scorer">The scorer; its owner installs or disposes it.</param>
/// <param name="WarmUpRows">The warm-up batch's size (the live MaxBatchSize, at most the catalogue's items).</param>
/// <param name="WarmUp">How long the warm-up batch took.</param>
public sealed record PreparedScorer(IItemScorer Scorer, int WarmUpRows, TimeSpan WarmUp);
