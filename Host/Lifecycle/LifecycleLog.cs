using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Host.Lifecycle;

internal static partial class LifecycleLog
{
    [LoggerMessage(EventId = 1010, EventName = "ServingSummary", Level = LogLevel.Information,
        Message = "Serving catalogue {CatalogVersion} ({ItemCount} items × {Dimension}, requests of {InputDimension} values) with scorer {Scorer} ({ScorerType}); "
            + "batching {BatchingPolicy}, MaxBatchSize {MaxBatchSize}, MaxBatchDelay {MaxBatchDelayMs} ms, QueueCapacity {QueueCapacity}, "
            + "ParseParallelism {ParseParallelism}, RespondParallelism {RespondParallelism}.")]
    public static partial void ServingSummary(
        ILogger logger,
        string catalogVersion,
        int itemCount,
        int dimension,
        int inputDimension,
        ScorerKind scorer,
        string scorerType,
        BatchingPolicy batchingPolicy,
        int maxBatchSize,
        double maxBatchDelayMs,
        int queueCapacity,
        int parseParallelism,
        int respondParallelism);

    [LoggerMessage(EventId = 1011, EventName = "Withdrawing", Level = LogLevel.Information,
        Message = "Stopping: health is NOT_SERVING; calls are still accepted for {DrainDelay} (Server:DrainDelay) while clients move away.")]
    public static partial void Withdrawing(ILogger logger, TimeSpan drainDelay);

    [LoggerMessage(EventId = 1012, EventName = "IntakeStopped", Level = LogLevel.Information,
        Message = "Intake stopped: new calls are refused; the {Calls} calls inside get up to {ShutdownTimeout} (Server:ShutdownTimeout) to finish.")]
    public static partial void IntakeStopped(ILogger logger, int calls, TimeSpan shutdownTimeout);

    [LoggerMessage(EventId = 1013, EventName = "DrainTimedOut", Level = LogLevel.Warning,
        Message = "{Calls} calls ({Requests} pipeline requests) were still inside after {ShutdownTimeout} (Server:ShutdownTimeout); stopping without them.")]
    public static partial void DrainTimedOut(ILogger logger, int calls, int requests, TimeSpan shutdownTimeout);

    [LoggerMessage(EventId = 1014, EventName = "RequestPathWarmedUp", Level = LogLevel.Information,
        Message = "Request path warmed up before SERVING: {Calls} calls to the server's own port ({Failed} failed) in {ElapsedMs:F0} ms; the request metrics include them")]
    public static partial void WarmedUp(ILogger logger, int calls, int failed, double elapsedMs);

    [LoggerMessage(EventId = 1015, EventName = "RequestPathWarmUpSkipped", Level = LogLevel.Information,
        Message = "Request path not warmed up before SERVING: {Reason}")]
    public static partial void WarmUpSkipped(ILogger logger, string reason);

    [LoggerMessage(EventId = 1016, EventName = "RequestPathWarmUpFailed", Level = LogLevel.Warning,
        Message = "The request-path warm-up failed; serving without it")]
    public static partial void WarmUpFailed(ILogger logger, Exception exception);
}
