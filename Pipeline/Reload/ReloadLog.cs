using Microsoft.Extensions.Logging;

namespace RsPipeline.Pipeline.Reload;

internal static partial class ReloadLog
{
    [LoggerMessage(EventId = 500, EventName = "ReloadStarted", Level = LogLevel.Information,
        Message = "Reloading the catalogue; {CatalogVersion} serves meanwhile")]
    public static partial void Started(ILogger logger, string catalogVersion);

    [LoggerMessage(EventId = 501, EventName = "ReloadCompleted", Level = LogLevel.Information,
        Message = "Reloaded: {PreviousVersion} → {CatalogVersion} in {ElapsedMs:F0} ms")]
    public static partial void Completed(ILogger logger, string previousVersion, string catalogVersion, double elapsedMs);

    [LoggerMessage(EventId = 502, EventName = "ReloadFailed", Level = LogLevel.Warning,
        Message = "Reload failed: {Reason}")]
    public static partial void Failed(ILogger logger, string reason, Exception? exception);

    [LoggerMessage(EventId = 503, EventName = "ReloadSwapping", Level = LogLevel.Information,
        Message = "Catalogue {PreviousVersion} replaced by {CatalogVersion} ({ItemCount} items × {Dimension}) from the next batch on")]
    public static partial void Swapping(ILogger logger, string previousVersion, string catalogVersion, int itemCount, int dimension);

    [LoggerMessage(EventId = 505, EventName = "ReloadMemoryReclaimed", Level = LogLevel.Information,
        Message = "The previous catalogue's memory was reclaimed: managed heap committed {CommittedBeforeMb:F0} → {CommittedAfterMb:F0} MB, collection pause {PauseMs:F1} ms")]
    public static partial void MemoryReclaimed(ILogger logger, double committedBeforeMb, double committedAfterMb, double pauseMs);
}
