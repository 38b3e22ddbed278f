using Microsoft.Extensions.Options;
using RsPipeline.Pipeline;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Reload;

namespace RsPipeline.Host.Lifecycle;

/// <summary>
/// Logs one line when the pipeline first serves: the catalogue (version, items, dimension), the
/// scorer and the batching settings in force, so that an operator reads what this process runs
/// without piecing its configuration layers together.
/// </summary>
internal sealed class StartupSummary(IServiceProvider services, ILogger<StartupSummary> logger) : IHostedService
{
    private IRecallPipeline? _pipeline;
    private int _logged;

    // The pipeline is resolved here, after options validation, as every service that watches it.
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var pipeline = services.GetRequiredService<IRecallPipeline>();
        _pipeline = pipeline;
        pipeline.StateChanged += OnStateChanged;

        // It may have started serving before the subscription.
        OnStateChanged(pipeline.State);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_pipeline is { } pipeline)
        {
            pipeline.StateChanged -= OnStateChanged;
        }

        return Task.CompletedTask;
    }

    private void OnStateChanged(PipelineState state)
    {
        if (state != PipelineState.Serving || Interlocked.Exchange(ref _logged, 1) == 1)
        {
            return;
        }

        var scorer = services.GetRequiredService<ScorerSlot>().Current;
        var scorerKind = services.GetRequiredService<IOptions<InferenceOptions>>().Value.Scorer;
        var scorerType = scorer.GetType().Name;
        var batching = services.GetRequiredService<LiveBatchingSettings>();
        var settings = batching.Current;
        var catalog = scorer.Catalog;
        LifecycleLog.ServingSummary(
            logger,
            catalog.Version,
            catalog.Count,
            catalog.Dimension,
            scorer.InputDimension,
            scorerKind,
            scorerType,
            settings.Policy,
            settings.MaxBatchSize,
            settings.MaxBatchDelay.TotalMilliseconds,
            batching.AtStart.QueueCapacity,
            batching.AtStart.ParseParallelism,
            batching.AtStart.RespondParallelism);
    }
}
