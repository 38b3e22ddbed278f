using Microsoft.Extensions.Diagnostics.HealthChecks;
using RsPipeline.Host.Lifecycle;
using RsPipeline.Pipeline;
using RsPipeline.Protos.Rs;

namespace RsPipeline.Host.Health;

/// <summary>
/// Pushes the health checks' verdicts to grpc.health.v1 as they change: readiness
/// (<see cref="ReadinessHealthCheck"/>) under "" (the server as a whole) and each recall service's
/// name, liveness (<see cref="LivenessHealthCheck"/>) under <see cref="LivenessServiceName"/>. Check
/// calls and the HTTP endpoints run the checks themselves; Watch streams need a push, given here on
/// each pipeline state change, each shutdown phase, when the request-path warm-up is over and when the inference loop ends (the host's
/// periodic health publisher repeats it besides). The pipeline is resolved when the host starts,
/// after options validation (hosted services are constructed before it, and an early resolve would
/// report only the pipeline's own errors).
/// </summary>
internal sealed class PipelineHealthReporter(
    IServiceProvider services,
    HealthCheckService checks,
    IEnumerable<IHealthCheckPublisher> publishers,
    ShutdownSequence shutdown,
    ILogger<PipelineHealthReporter> logger) : IHostedService
{
    /// <summary>The service names readiness is reported under; "" is the server as a whole.</summary>
    public static readonly IReadOnlyList<string> ServiceNames = ["", RSer.Descriptor.FullName, RsPipeline.Recall.V1.Recall.Descriptor.FullName];

    /// <summary>The service name liveness is reported under (Kubernetes: livenessProbe.grpc.service).</summary>
    public const string LivenessServiceName = "liveness";

    /// <summary>The tag of the checks that make up readiness.</summary>
    public const string ReadinessTag = "ready";

    /// <summary>The tag of the checks that make up liveness.</summary>
    public const string LivenessTag = "live";

    private readonly Lock _lock = new();
    private Task _published = Task.CompletedTask;
    private IRecallPipeline? _pipeline;
    private string? _lastVerdict;

    /// <summary>Completes when every publication asked for so far is done (for tests).</summary>
    public Task Published
    {
        get
        {
            lock (_lock)
            {
                return _published;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var pipeline = services.GetRequiredService<IRecallPipeline>();
        _pipeline = pipeline;
        pipeline.StateChanged += OnStateChanged;
        shutdown.PhaseChanged += OnPhaseChanged;
        _ = services.GetRequiredService<RequestPathWarmUp>().Completed.ContinueWith(_ => Publish(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        _ = services.GetRequiredService<RecallPipeline>().InferenceLoop.ContinueWith(_ => Publish(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        Publish();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_pipeline is { } pipeline)
        {
            pipeline.StateChanged -= OnStateChanged;
        }

        shutdown.PhaseChanged -= OnPhaseChanged;
        return Task.CompletedTask;
    }

    private void OnStateChanged(PipelineState state) => Publish();

    private void OnPhaseChanged(ServerPhase phase) => Publish();

    // One publication after another, each running the checks afresh, so the last one published is
    // the latest state whatever order the changes raced in; never inline in whoever raised the change.
    private void Publish()
    {
        lock (_lock)
        {
            _published = _published.ContinueWith(_ => PublishNowAsync(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    private async Task PublishNowAsync()
    {
        try
        {
            var report = await checks.CheckHealthAsync(CancellationToken.None);
            foreach (var publisher in publishers)
            {
                await publisher.PublishAsync(report, CancellationToken.None);
            }

            LogIfChanged(report);
        }
        catch (Exception ex)
        {
            HealthLog.PublishFailed(logger, ex);
        }
    }

    private void LogIfChanged(HealthReport report)
    {
        var readiness = StatusOf(report, ReadinessTag);
        var liveness = StatusOf(report, LivenessTag);
        var reasons = string.Join("; ", report.Entries.Select(entry => $"{entry.Key}: {entry.Value.Description}"));
        var verdict = $"{readiness} {liveness} {reasons}";
        if (verdict != _lastVerdict)
        {
            _lastVerdict = verdict;
            HealthLog.HealthChanged(logger, readiness, liveness, reasons);
        }
    }

    private static HealthStatus StatusOf(HealthReport report, string tag) =>
        report.Entries.Values.Where(entry => entry.Tags.Contains(tag)).Select(entry => entry.Status).DefaultIfEmpty(HealthStatus.Unhealthy).Min();
}
