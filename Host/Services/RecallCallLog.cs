using RsPipeline.Pipeline;

namespace RsPipeline.Host.Services;

internal static partial class RecallCallLog
{
    [LoggerMessage(EventId = 1, EventName = "RefusedWhileStopping", Level = LogLevel.Debug,
        Message = "Refused {Method}: the server is shutting down.")]
    public static partial void RefusedWhileStopping(ILogger logger, string method);

    [LoggerMessage(EventId = 2, EventName = "RecallFailed", Level = LogLevel.Debug,
        Message = "{Method} failed with {Kind}: {Reason}")]
    public static partial void RecallFailed(ILogger logger, string method, RecallErrorKind kind, string reason);

    [LoggerMessage(EventId = 3, EventName = "InternalFault", Level = LogLevel.Error,
        Message = "{Method} failed inside the server.")]
    public static partial void InternalFault(ILogger logger, string method, Exception exception);
}
