using Grpc.Core;

namespace RsPipeline.Host.Services;

internal static partial class CallLog
{
    [LoggerMessage(EventId = 1100, EventName = "RefusedWhileStopping", Level = LogLevel.Debug,
        Message = "Refused {Method}: the server is shutting down.")]
    public static partial void RefusedWhileStopping(ILogger logger, string method);

    [LoggerMessage(EventId = 1101, EventName = "CallFailed", Level = LogLevel.Debug,
        Message = "{Method} failed with {StatusCode}: {Reason}")]
    public static partial void CallFailed(ILogger logger, string method, StatusCode statusCode, string reason);

    [LoggerMessage(EventId = 1102, EventName = "InternalFault", Level = LogLevel.Error,
        Message = "{Method} failed inside the server.")]
    public static partial void InternalFault(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 1103, EventName = "MalformedRequest", Level = LogLevel.Warning,
        Message = "{Method} refused a request that did not parse: {Problem} ({HeldBack} more since the last entry were not logged; one entry per Server:FailureLogInterval).")]
    public static partial void MalformedRequest(ILogger logger, string method, string problem, long heldBack);
}
