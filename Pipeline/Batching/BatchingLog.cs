using Microsoft.Extensions.Logging;

namespace RsPipeline.Pipeline.Batching;

internal static partial class BatchingLog
{
    [LoggerMessage(EventId = 100, EventName = "BatchingWindowChanged", Level = LogLevel.Information,
        Message = "Batching settings changed: MaxBatchSize {MaxBatchSize}, MaxBatchDelay {MaxBatchDelayMs} ms, Policy {Policy}; the next batch uses them")]
    public static partial void WindowChanged(ILogger logger, int maxBatchSize, double maxBatchDelayMs, BatchingPolicy policy);

    [LoggerMessage(EventId = 101, EventName = "BatchingReloadRejected", Level = LogLevel.Warning,
        Message = "Changed batching settings rejected, the previous ones stay in force: {Reason}")]
    public static partial void ReloadRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 102, EventName = "BatchingRestartNeeded", Level = LogLevel.Warning,
        Message = "Batching:QueueCapacity, ParseParallelism and RespondParallelism are read at start only; the changed values apply after a restart")]
    public static partial void RestartNeeded(ILogger logger);
}
