namespace RsPipeline.Host.Routing;

internal static partial class RouterLog
{
    [LoggerMessage(EventId = 1400, EventName = "ShardWaiting", Level = LogLevel.Warning,
        Message = "Router: shard {Shard} ({Address}) has not answered yet ({Reason}); asking again in {RetryMilliseconds} ms.")]
    public static partial void ShardWaiting(ILogger logger, int shard, string address, string reason, double retryMilliseconds);

    [LoggerMessage(EventId = 1401, EventName = "ShardsConnected", Level = LogLevel.Information,
        Message = "Router: {ShardCount} shards answered: {ItemCount} items of d = {Dimension}, catalogue version {CatalogVersion}.")]
    public static partial void ShardsConnected(ILogger logger, int shardCount, long itemCount, int dimension, string catalogVersion);

    [LoggerMessage(EventId = 1402, EventName = "VersionMismatchRetried", Level = LogLevel.Warning,
        Message = "Router: the shards answered one batch from different catalogue versions ({Versions}); asking again.")]
    public static partial void VersionMismatchRetried(ILogger logger, string versions);
}
