using Microsoft.Extensions.Diagnostics.HealthChecks;
using RsPipeline.Host.Lifecycle;
using RsPipeline.Pipeline;

namespace RsPipeline.Host.Health;

/// <summary>
/// Ready: the pipeline serves (a catalogue loaded and warmed up), the request path was warmed up
/// (<see cref="RequestPathWarmUp"/>) and the server has not been told to
/// stop. Not ready while the first catalogue loads and from the moment of SIGTERM; a reload leaves
/// the server ready, as the previous catalogue answers until the swap.
/// </summary>
internal sealed class ReadinessHealthCheck(IRecallPipeline pipeline, ShutdownSequence shutdown, RequestPathWarmUp warmUp) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = pipeline.State;
        var phase = shutdown.Phase;
        var result = (state, phase) switch
        {
            (PipelineState.Serving, ServerPhase.Running) when !warmUp.IsComplete => new HealthCheckResult(context.Registration.FailureStatus, "warming up the request path"),
            (PipelineState.Serving, ServerPhase.Running) => HealthCheckResult.Healthy($"serving catalogue {pipeline.CatalogVersion}"),
            (_, ServerPhase.Running) => new HealthCheckResult(context.Registration.FailureStatus, $"the pipeline is {state}"),
            _ => new HealthCheckResult(context.Registration.FailureStatus, $"the server is stopping ({phase})"),
        };
        return Task.FromResult(result);
    }
}
