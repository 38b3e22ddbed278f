using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RsPipeline.Host.Health;

/// <summary>Live unless the pipeline has faulted (<see cref="PipelineFault"/>): loading, reloading and draining are all live.</summary>
internal sealed class LivenessHealthCheck(PipelineFault fault) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = fault.Reason is { } reason
            ? new HealthCheckResult(context.Registration.FailureStatus, reason)
            : HealthCheckResult.Healthy();
        return Task.FromResult(result);
    }
}
