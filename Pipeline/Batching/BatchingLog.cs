using Microsoft.Extensions.Logging;

namespace RsPipeline.Pipeline.Batching;

internal static partial class BatchingLog
{
    [LoggerMessage(EventId = 200, EventName = "BatchingSettingsChanged", Level = LogLevel.Information,
        Message = "Batching settings changed: MaxBatchSize {MaxBatchSize}, MaxBatchDelay {MaxBatchDelayMs} ms, Policy {Policy}, LatencyTarget {LatencyTargetMs} ms (margin {LatencyTargetMarginMs} ms); the next batch uses them")]
    public static partial void SettingsChanged(ILogger logger, int maxBatchSize, double maxBatchDelayMs, BatchingPolicy policy, double latencyTargetMs, double latencyTargetMarginMs);

    [LoggerMessage(EventId = 201, EventName = "BatchingReloadRejected", Level = LogLevel.Warning,
        Message = "Changed batching settings rejected, the previous ones stay in force: {Reason}")]
    public static partial void ReloadRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 202, EventName = "BatchingRestartNeeded", Level = LogLevel.Warning,
        Message = "Batching:QueueCapacity, ParseParallelism and RespondParallelism are read at start only; the changed values apply after a restart")]
    public static partial void RestartNeeded(ILogger logger);

    [LoggerMessage(EventId = 203, EventName = "BatchPredictionCompared", Level = LogLevel.Debug,
        Message = "Batch {BatchId} of {Size} left as {Trigger}: predicted {PredictedMs} ms of inference, took {ActualMs} ms; time outside the schedule (p99) {OverheadMs} ms")]
    public static partial void PredictionCompared(ILogger logger, long batchId, int size, BatchTrigger trigger, double predictedMs, double actualMs, double overheadMs);

    [LoggerMessage(EventId = 204, EventName = "DoomedRequestsShed", Level = LogLevel.Debug,
        Message = "Batch {BatchId}: {Count} requests could not be answered before their deadlines and were failed before scoring")]
    public static partial void DoomedShed(ILogger logger, long batchId, int count);

    [LoggerMessage(EventId = 205, EventName = "InferenceCostModelSeeded", Level = LogLevel.Debug,
        Message = "Inference time model seeded from {Samples} warm-up batches: {OneMs} ms for 1 request, {FullMs} ms for {MaxBatchSize}")]
    public static partial void CostModelSeeded(ILogger logger, int samples, double oneMs, double fullMs, int maxBatchSize);
}
