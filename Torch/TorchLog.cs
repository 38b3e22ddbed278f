using Microsoft.Extensions.Logging;
using RsPipeline.Torch.Native;

namespace RsPipeline.Torch;

internal static partial class TorchLog
{
    [LoggerMessage(EventId = 600, EventName = "TorchLoaded", Level = LogLevel.Information,
        Message = "LibTorch loaded ({Method}, {LibraryPath}) for {Purpose}")]
    public static partial void Loaded(ILogger logger, TorchNativeLoadMethod method, string libraryPath, string purpose);

    [LoggerMessage(EventId = 601, EventName = "TorchLoadTrace", Level = LogLevel.Debug, Message = "LibTorch load steps:\n{Trace}")]
    public static partial void LoadTrace(ILogger logger, string trace);

    [LoggerMessage(EventId = 602, EventName = "TorchScorerCreated", Level = LogLevel.Information,
        Message = "Torch scorer ready on {Device}: {Count} items × {Dimension}, tiles of {TileRows} rows, catalogue memory {Residency}, intra-op threads {Threads}")]
    public static partial void ScorerCreated(ILogger logger, string device, int count, int dimension, int tileRows, string residency, int threads);

    [LoggerMessage(EventId = 603, EventName = "TorchIntraOpThreadsSet", Level = LogLevel.Information,
        Message = "LibTorch intra-op threads set to {Threads} (process-wide)")]
    public static partial void ThreadsSet(ILogger logger, int threads);
}
