using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Pipeline;

/// <summary>
/// Runs the pipeline's life with the host: loads the catalogue and scorer in the background (the
/// server answers health checks meanwhile, as NOT_SERVING), runs a warm-up batch, then serves; on
/// shutdown drains every request inside before the host stops. A failed load stops the process
/// with a non-zero exit code.
/// </summary>
public sealed class RecallPipelineService : IHostedService, IDisposable
{
    private readonly RecallPipeline _pipeline;
    private readonly IItemScorerSource _source;
    private readonly RecallOptions _recall;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<RecallPipelineService> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loading = Task.CompletedTask;
    private IItemScorer? _scorer;

    /// <summary>Creates the service.</summary>
    public RecallPipelineService(
        RecallPipeline pipeline,
        IItemScorerSource source,
        IOptions<RecallOptions> recall,
        IHostApplicationLifetime lifetime,
        ILogger<RecallPipelineService> logger)
    {
        ArgumentNullException.ThrowIfNull(recall);
        _pipeline = pipeline;
        _source = source;
        _recall = recall.Value;
        _lifetime = lifetime;
        _logger = logger;
    }

    /// <summary>Completes when the pipeline serves, or faults when loading failed.</summary>
    public Task Loading => _loading;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loading = Task.Run(() => LoadAndActivateAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _pipeline.DrainAsync(cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Dispose();
        _scorer?.Dispose();
    }

    private async Task LoadAndActivateAsync(CancellationToken cancellationToken)
    {
        try
        {
            var scorer = await _source.LoadAsync(cancellationToken);
            _scorer = scorer;
            var elapsed = WarmUp(scorer);
            PipelineLog.WarmedUp(_logger, elapsed.TotalMilliseconds);
            _pipeline.Activate(scorer);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down before serving: nothing to report.
        }
        catch (Exception ex)
        {
            PipelineLog.LoadFailed(_logger, ex);
            Environment.ExitCode = 1;
            _lifetime.StopApplication();
            throw;
        }
    }

    // One batch through the scorer, so the first caller does not pay for first-touch costs.
    private TimeSpan WarmUp(IItemScorer scorer)
    {
        var catalog = scorer.Catalog;
        var rows = Math.Min(catalog.Count, Batching.BatchingOptions.DefaultMaxBatchSize);
        var k = Math.Min(_recall.DefaultTopK, catalog.Count);
        var queries = catalog.Embeddings.Span[..(rows * catalog.Dimension)];
        var started = TimeProvider.System.GetTimestamp();
        scorer.ScoreTopK(queries, rows, k, new int[rows * k], new float[rows * k]);
        return TimeProvider.System.GetElapsedTime(started);
    }
}
