using RsPipeline.Pipeline;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace RsPipeline.Host.Health;

internal static partial class HealthLog
{
    [LoggerMessage(EventId = 1200, EventName = "HealthChanged", Level = LogLevel.Information,
        Message = "Health is now {Status} (pipeline {PipelineState}, stopping {Stopping}).")]
    public static partial void HealthChanged(ILogger logger, ServingStatus status, PipelineState pipelineState, bool stopping);
}
