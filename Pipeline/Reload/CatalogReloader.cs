using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Telemetry;

namespace RsPipeline.Pipeline.Reload;

/// <summary>
/// Build, validate, swap, keep the last good one on failure: prepares the new scorer beside the one
/// serving (<see cref="ScorerPreparation"/>), swaps it in between two batches, and disposes the
/// previous one after its last batch. One reload at a time; a second one meanwhile is refused.
/// </summary>
public sealed class CatalogReloader : ICatalogReloader, IDisposable
{
    private readonly IRecallPipeline _pipeline;
    private readonly ScorerSlot _scorers;
    private readonly ScorerPreparation _preparation;
    private readonly TimeProvider _time;
    private readonly ILogger<CatalogReloader> _logger;
    private readonly RsPipelineTelemetry? _telemetry;
    private readonly IMemoryReclaimer? _reclaimer;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>
    /// Creates the reloader for <paramref name="pipeline"/>, whose scorer lives in <paramref name="scorers"/>;
    /// each reload's duration and outcome go to <paramref name="telemetry"/> when given; once the previous
    /// scorer is disposed, <paramref name="reclaimer"/> (when given) gives its memory back.
    /// </summary>
    public CatalogReloader(IRecallPipeline pipeline, ScorerSlot scorers, ScorerPreparation preparation, TimeProvider time, ILogger<CatalogReloader> logger, RsPipelineTelemetry? telemetry = null, IMemoryReclaimer? reclaimer = null)
    {
        _reclaimer = reclaimer;
        _pipeline = pipeline;
        _scorers = scorers;
        _preparation = preparation;
        _time = time;
        _logger = logger;
        _telemetry = telemetry;
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

        var started = _time.GetTimestamp();
        try
        {
            var previousVersion = _pipeline.CatalogVersion;
            ReloadLog.Started(_logger, previousVersion);
            var next = await PrepareAsync(changes, previousVersion, cancellationToken).ConfigureAwait(false);
            ReloadLog.Swapping(_logger, previousVersion, next.Catalog.Version, next.Catalog.Count, next.Catalog.Dimension);

            // From here the new scorer serves; the old one goes once its last batch is scored.
            await ReleasePreviousAsync(await _scorers.Replace(next).ConfigureAwait(false)).ConfigureAwait(false);
            var elapsed = _time.GetElapsedTime(started);
            _telemetry?.CatalogLoaded(RsPipelineTelemetry.CatalogLoadKinds.Reload, succeeded: true, elapsed);
            var catalog = next.Catalog;
            ReloadLog.Completed(_logger, previousVersion, catalog.Version, elapsed.TotalMilliseconds);
            return new CatalogReloadResult(catalog.Version, previousVersion, catalog.Count, catalog.Dimension, next.InputDimension, elapsed);
        }
        catch (CatalogReloadException ex)
        {
            _telemetry?.CatalogLoaded(RsPipelineTelemetry.CatalogLoadKinds.Reload, succeeded: false, _time.GetElapsedTime(started));
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

    // The previous scorer's last batch is done: dispose it (native buffers), forget it, then reclaim.
    private Task ReleasePreviousAsync(IItemScorer? previous)
    {
        previous!.Dispose();
        return _reclaimer?.ReclaimAsync() ?? Task.CompletedTask;
    }

    private async Task<IItemScorer> PrepareAsync(ScorerOverrides changes, string serving, CancellationToken cancellationToken)
    {
        try
        {
            return (await _preparation.PrepareAsync(changes, cancellationToken).ConfigureAwait(false)).Scorer;
        }
        catch (Exception ex) when (ex is OptionsValidationException or FileNotFoundException or DirectoryNotFoundException or NotSupportedException)
        {
            throw new CatalogReloadException(CatalogReloadFailure.InvalidArgument, $"reload refused, still serving {serving}: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new CatalogReloadException(CatalogReloadFailure.FailedPrecondition, $"the new catalogue was refused, still serving {serving}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new CatalogReloadException(CatalogReloadFailure.FailedPrecondition, $"the new catalogue did not load, still serving {serving}: {ex.Message}", ex);
        }
    }
}
