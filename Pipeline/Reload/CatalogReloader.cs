using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Pipeline.Reload;

/// <summary>
/// Build, validate, swap, keep the last good one on failure: loads the new scorer beside the one
/// serving, refuses it if requests could not be scored by it (another request dimension), warms it
/// up, swaps it in between two batches, and disposes the previous one after its last batch. One
/// reload at a time; a second one meanwhile is refused.
/// </summary>
public sealed class CatalogReloader : ICatalogReloader, IDisposable
{
    private readonly RecallPipeline _pipeline;
    private readonly IItemScorerSource _source;
    private readonly RecallOptions _recall;
    private readonly TimeProvider _time;
    private readonly ILogger<CatalogReloader> _logger;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Creates the reloader for <paramref name="pipeline"/>, loading from <paramref name="source"/>.</summary>
    public CatalogReloader(RecallPipeline pipeline, IItemScorerSource source, IOptions<RecallOptions> recall, TimeProvider time, ILogger<CatalogReloader> logger)
    {
        ArgumentNullException.ThrowIfNull(recall);
        _pipeline = pipeline;
        _source = source;
        _recall = recall.Value;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<CatalogReloadResult> ReloadAsync(ScorerOverrides changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (_pipeline.State != PipelineState.Serving)
        {
            throw new CatalogReloadException(CatalogReloadFailure.FailedPrecondition, $"the service is {_pipeline.State}, not serving; reload once it serves");
        }

        if (!await _oneAtATime.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            throw new CatalogReloadException(CatalogReloadFailure.FailedPrecondition, "another reload is in progress; try again when it has finished");
        }

        try
        {
            var started = _time.GetTimestamp();
            var previousVersion = _pipeline.CatalogVersion;
            ReloadLog.Started(_logger, previousVersion);
            var next = await LoadAsync(changes, previousVersion, cancellationToken).ConfigureAwait(false);
            var previous = await SwapAsync(next, previousVersion).ConfigureAwait(false);
            previous.Dispose();
            var elapsed = _time.GetElapsedTime(started);
            var catalog = next.Catalog;
            ReloadLog.Completed(_logger, previousVersion, catalog.Version, elapsed.TotalMilliseconds);
            return new CatalogReloadResult(catalog.Version, previousVersion, catalog.Count, catalog.Dimension, next.InputDimension, elapsed);
        }
        catch (CatalogReloadException ex)
        {
            ReloadLog.Failed(_logger, ex.Message, ex.InnerException);
            throw;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _oneAtATime.Dispose();

    private async Task<IItemScorer> LoadAsync(ScorerOverrides overrides, string serving, CancellationToken cancellationToken)
    {
        try
        {
            return await _source.LoadAsync(overrides, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OptionsValidationException or FileNotFoundException or DirectoryNotFoundException or NotSupportedException)
        {
            throw new CatalogReloadException(CatalogReloadFailure.InvalidArgument, $"reload refused, still serving {serving}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new CatalogReloadException(CatalogReloadFailure.FailedPrecondition, $"the new catalogue did not load, still serving {serving}: {ex.Message}", ex);
        }
    }

    private async Task<IItemScorer> SwapAsync(IItemScorer next, string serving)
    {
        Task<IItemScorer> released;
        try
        {
            if (next.InputDimension != _pipeline.Dimension)
            {
                throw new InvalidOperationException(
                    $"the new catalogue expects request vectors of {next.InputDimension} values, the one serving {_pipeline.Dimension}; "
                    + "changing the request dimension needs a restart");
            }

            await Task.Run(() => ScorerWarmUp.Run(next, Batching.BatchingOptions.DefaultMaxBatchSize, _recall.DefaultTopK)).ConfigureAwait(false);
            released = _pipeline.ReplaceScorerAsync(next);
        }
        catch (Exception ex)
        {
            next.Dispose();
            throw new CatalogReloadException(CatalogReloadFailure.FailedPrecondition, $"the new catalogue was refused, still serving {serving}: {ex.Message}", ex);
        }

        // From here the new scorer serves; the old one goes once its last batch is scored.
        return await released.ConfigureAwait(false);
    }
}
