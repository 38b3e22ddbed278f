using Microsoft.Extensions.Logging;

namespace RsPipeline.Pipeline.Batching;

internal static partial class BatchingLog
{
    [LoggerMessage(EventId = 200, EventName = "BatchingSettingsChanged", Level = LogLevel.Information,
        Message = "Batching settings changed: MaxBatchSize {MaxBatchSize}, MaxBatchDelay {MaxBatchDelayMs} ms, Policy {Policy}; the next batch uses them")]
    public static partial void SettingsChanged(ILogger logger, int maxBatchSize, double maxBatchDelayMs, BatchingPolicy policy);

    [LoggerMessage(EventId = 201, EventName = "BatchingReloadRejected", Level = LogLevel.Warning,
        Message = "Changed batching settings rejected, the previous ones stay in force: {Reason}")]
    public static partial void ReloadRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 202, EventName = "BatchingRestartNeeded", Level = LogLevel.Warning,
        Message = "Batching:QueueCapacity, ParseParallelism and RespondParallelism are read at start only; the changed values apply after a restart")]
    public static partial void RestartNeeded(ILogger logger);
}
