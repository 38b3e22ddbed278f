using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Reload;
using RsPipeline.Pipeline.Telemetry;

namespace RsPipeline.Pipeline;

/// <summary>
/// Runs the pipeline's life with the host: prepares the catalogue and scorer in the background (the
/// server answers health checks meanwhile, as NOT_SERVING), then serves; on shutdown drains every
/// request inside before the host stops. A failed load stops the process with a non-zero exit
/// code. The pipeline is resolved only when the host starts, after options validation, so invalid
/// settings are all reported together.
/// </summary>
public sealed class RecallPipelineService : IHostedService, IDisposable
{
    private readonly IServiceProvider _services;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<RecallPipelineService> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loading = Task.CompletedTask;
    private RecallPipeline? _pipeline;
    private ScorerSlot? _scorers;

    /// <summary>Creates the service.</summary>
    public RecallPipelineService(IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<RecallPipelineService> logger)
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
        _pipeline = _services.GetRequiredService<RecallPipeline>();
        _scorers = _services.GetRequiredService<ScorerSlot>();
        var preparation = _services.GetRequiredService<ScorerPreparation>();
        var pipeline = _pipeline;
        _loading = Task.Run(() => LoadAndActivateAsync(pipeline, preparation, _stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_pipeline is { } pipeline)
        {
            try
            {
                await pipeline.DrainAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The host stops waiting: what is still inside is abandoned with the process, not a failure to stop.
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Dispose();

        // A reload may have replaced (and disposed) the first scorer: dispose the one serving now.
        _scorers?.CurrentOrNull?.Dispose();
    }

    private async Task LoadAndActivateAsync(RecallPipeline pipeline, ScorerPreparation preparation, CancellationToken cancellationToken)
    {
        var time = _services.GetRequiredService<TimeProvider>();
        var telemetry = _services.GetRequiredService<RsPipelineTelemetry>();
        var started = time.GetTimestamp();
        try
        {
            var prepared = await preparation.PrepareAsync(ScorerOverrides.None, cancellationToken);
            telemetry.CatalogLoaded(RsPipelineTelemetry.CatalogLoadKinds.Start, succeeded: true, time.GetElapsedTime(started));
            PipelineLog.WarmedUp(_logger, prepared.WarmUpRows, prepared.WarmUp.TotalMilliseconds);
            pipeline.Activate(prepared.Scorer);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down before serving: nothing to report.
        }
        catch (Exception ex)
        {
            telemetry.CatalogLoaded(RsPipelineTelemetry.CatalogLoadKinds.Start, succeeded: false, time.GetElapsedTime(started));
            PipelineLog.LoadFailed(_logger, ex);
            Environment.ExitCode = 1;
            _lifetime.StopApplication();
            throw;
        }
    }
}
