using Grpc.HealthCheck;
using RsPipeline.Pipeline;
using RsPipeline.Protos.Rs;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RsPipeline.Host.Health;

/// <summary>
/// Publishes grpc.health.v1 status for the whole server ("") and each recall service: SERVING
/// only while the pipeline is <see cref="PipelineState.Serving"/> and the host is not stopping.
/// The pipeline is resolved when the host starts, after options validation (hosted services are
/// constructed before it, and an early resolve would report only the pipeline's own errors).
/// </summary>
internal sealed class PipelineHealthReporter(
    IServiceProvider services, HealthServiceImpl health, IHostApplicationLifetime lifetime, ILogger<PipelineHealthReporter> logger) : IHostedService
{
    /// <summary>The service names health is reported for; "" is the server as a whole.</summary>
    public static readonly IReadOnlyList<string> ServiceNames = ["", RSer.Descriptor.FullName, RsPipeline.Recall.V1.Recall.Descriptor.FullName];

    private readonly Lock _lock = new();
    private CancellationTokenRegistration _stoppingRegistration;
    private ServingStatus? _published;
    private bool _stopping;
    private IRecallPipeline? _pipeline;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var pipeline = services.GetRequiredService<IRecallPipeline>();
        _pipeline = pipeline;
        pipeline.StateChanged += OnStateChanged;
        _stoppingRegistration = lifetime.ApplicationStopping.Register(OnStopping);
        Publish();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_pipeline is { } pipeline)
        {
            pipeline.StateChanged -= OnStateChanged;
        }

        _stoppingRegistration.Dispose();
        OnStopping();
        return Task.CompletedTask;
    }

    private void OnStopping()
    {
        lock (_lock)
        {
            _stopping = true;
        }

        Publish();
    }

    // The event's argument may be stale when changes race; the pipeline's current State is not.
    private void OnStateChanged(PipelineState state) => Publish();

    private void Publish()
    {
        lock (_lock)
        {
            var state = _pipeline?.State ?? PipelineState.Starting;
            var status = state == PipelineState.Serving && !_stopping ? ServingStatus.Serving : ServingStatus.NotServing;
            if (status == _published)
            {
                return;
            }

            foreach (var service in ServiceNames)
            {
                health.SetStatus(service, status);
            }

            _published = status;
            HealthLog.HealthChanged(logger, status, state, _stopping);
        }
    }
}
