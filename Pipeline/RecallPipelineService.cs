using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Pipeline;

/// <summary>
/// Runs the pipeline's life with the host: loads the catalogue and scorer in the background (the
/// server answers health checks meanwhile, as NOT_SERVING), runs a warm-up batch, then serves; on
/// shutdown drains every request inside before the host stops. A failed load stops the process
/// with a non-zero exit code. The pipeline is resolved only when the host starts, after options
/// validation, so invalid settings are all reported together.
/// </summary>
public sealed class RecallPipelineService : IHostedService, IDisposable
{
    private readonly IServiceProvider _services;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<RecallPipelineService> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loading = Task.CompletedTask;
    private IItemScorer? _scorer;
    private RecallPipeline? _pipeline;

    /// <summary>Creates the service.</summary>
    public RecallPipelineService(
        IServiceProvider services,
        IHostApplicationLifetime lifetime,
        ILogger<RecallPipelineService> logger)
    {
        _services = services;
        _lifetime = lifetime;
        _logger = logger;
    }

    /// <summary>Completes when the pipeline serves, or faults when loading failed.</summary>
    public Task Loading => _loading;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var pipeline = _services.GetRequiredService<RecallPipeline>();
        var source = _services.GetRequiredService<IItemScorerSource>();
        var warmUpTopK = _services.GetRequiredService<IOptions<RecallOptions>>().Value.DefaultTopK;
        _pipeline = pipeline;
        _loading = Task.Run(() => LoadAndActivateAsync(pipeline, source, warmUpTopK, _stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_pipeline is { } pipeline)
        {
            await pipeline.DrainAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Dispose();

        // A reload may have replaced (and disposed) the scorer loaded here: dispose what serves now.
        (_pipeline?.CurrentScorer ?? _scorer)?.Dispose();
    }

    private async Task LoadAndActivateAsync(RecallPipeline pipeline, IItemScorerSource source, int warmUpTopK, CancellationToken cancellationToken)
    {
        try
        {
            var scorer = await source.LoadAsync(cancellationToken);
            _scorer = scorer;
            var elapsed = WarmUp(scorer, warmUpTopK);
            PipelineLog.WarmedUp(_logger, elapsed.TotalMilliseconds);
            pipeline.Activate(scorer);
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

    private static TimeSpan WarmUp(IItemScorer scorer, int topK) =>
        ScorerWarmUp.Run(scorer, Batching.BatchingOptions.DefaultMaxBatchSize, topK);
}
