using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RsPipeline.Host.Health;

internal static partial class HealthLog
{
    [LoggerMessage(EventId = 1200, EventName = "HealthChanged", Level = LogLevel.Information,
        Message = "Health is now: ready {Readiness}, live {Liveness} ({Reasons}).")]
    public static partial void HealthChanged(ILogger logger, HealthStatus readiness, HealthStatus liveness, string reasons);

    [LoggerMessage(EventId = 1201, EventName = "HealthPublishFailed", Level = LogLevel.Warning,
        Message = "Publishing a health change to the gRPC health service failed; Check calls and the HTTP endpoints still run the checks themselves.")]
    public static partial void PublishFailed(ILogger logger, Exception exception);
}
