namespace RsPipeline.Host;

internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1001, EventName = "Serving", Level = LogLevel.Information,
        Message = "RsPipeline serving gRPC on {Addresses}; configuration {ConfigurationDirectory}, profile {Profile}.")]
    public static partial void Serving(ILogger logger, IReadOnlyCollection<string> addresses, string configurationDirectory, string profile);

    [LoggerMessage(EventId = 1002, EventName = "InvalidConfiguration", Level = LogLevel.Critical,
        Message = "Invalid configuration, not starting: {Errors}")]
    public static partial void InvalidConfiguration(ILogger logger, string errors);

    [LoggerMessage(EventId = 1003, EventName = "StartupFailed", Level = LogLevel.Critical,
        Message = "Start-up failed: {Reason}")]
    public static partial void StartupFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(EventId = 1004, EventName = "Stopped", Level = LogLevel.Information,
        Message = "RsPipeline stopped.")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 1005, EventName = "ServingMetrics", Level = LogLevel.Information,
        Message = "Prometheus metrics on {MetricsAddress}.")]
    public static partial void ServingMetrics(ILogger logger, Uri metricsAddress);
}
