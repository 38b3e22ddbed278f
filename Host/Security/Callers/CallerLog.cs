namespace RsPipeline.Host.Security.Callers;

internal static partial class CallerLog
{
    [LoggerMessage(EventId = 1310, EventName = "TokensReloaded", Level = LogLevel.Information,
        Message = "Token file {TokensPath} re-read: tokens of {CallerCount} callers in force.")]
    public static partial void TokensReloaded(ILogger logger, string tokensPath, int callerCount);

    [LoggerMessage(EventId = 1311, EventName = "TokensReloadFailed", Level = LogLevel.Warning,
        Message = "The token file changed but cannot be used; the previous tokens stay in force: {Reason}")]
    public static partial void TokensReloadFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1312, EventName = "CallerRefused", Level = LogLevel.Debug,
        Message = "Refused {Method} from {Caller}: {Refusal}.")]
    public static partial void CallerRefused(ILogger logger, string method, string caller, CallerRefusal refusal);
}
