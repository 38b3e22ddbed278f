using Microsoft.Extensions.Logging;

namespace RsPipeline.Pipeline;

internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 100, EventName = "PipelineServing", Level = LogLevel.Information,
        Message = "Serving catalogue {CatalogVersion}: {ItemCount} items × {Dimension}")]
    public static partial void Serving(ILogger logger, string catalogVersion, int itemCount, int dimension);

    [LoggerMessage(EventId = 101, EventName = "PipelineDraining", Level = LogLevel.Information,
        Message = "Draining: intake stopped, {InFlight} requests to finish")]
    public static partial void Draining(ILogger logger, int inFlight);

    [LoggerMessage(EventId = 102, EventName = "PipelineDrained", Level = LogLevel.Information, Message = "Drained: every request answered")]
    public static partial void Drained(ILogger logger);

    [LoggerMessage(EventId = 103, EventName = "PipelineOverloaded", Level = LogLevel.Debug,
        Message = "Request refused: {Capacity} requests already inside")]
    public static partial void Overloaded(ILogger logger, int capacity);

    [LoggerMessage(EventId = 104, EventName = "BatchScoringFailed", Level = LogLevel.Error,
        Message = "Scoring batch {BatchId} of {Size} requests failed; those requests fail, the pipeline goes on")]
    public static partial void BatchFailed(ILogger logger, long batchId, int size, Exception exception);

    [LoggerMessage(EventId = 105, EventName = "PipelineStageFailed", Level = LogLevel.Error,
        Message = "Unexpected failure in the {Stage} stage; the requests concerned fail, the pipeline goes on")]
    public static partial void StageFailed(ILogger logger, string stage, Exception exception);

    [LoggerMessage(EventId = 106, EventName = "PipelineWarmedUp", Level = LogLevel.Information,
        Message = "Warm-up batch of {Rows} scored in {ElapsedMs} ms")]
    public static partial void WarmedUp(ILogger logger, int rows, double elapsedMs);

    [LoggerMessage(EventId = 107, EventName = "PipelineLoadFailed", Level = LogLevel.Critical,
        Message = "Loading the catalogue or scorer failed; the server stops")]
    public static partial void LoadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 108, EventName = "TelemetryListenerFailed", Level = LogLevel.Warning,
        Message = "A telemetry listener threw while a request completed; the request is unaffected")]
    public static partial void TelemetryFailed(ILogger logger, Exception exception);
}
