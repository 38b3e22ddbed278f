using Microsoft.Extensions.Logging;

namespace RsPipeline.Pipeline.Inference.Torch;

internal static partial class TorchExactScorerLog
{
    [LoggerMessage(EventId = 1, EventName = "TorchScorerCreated", Level = LogLevel.Information,
        Message = "Torch scorer ready on {Device}: {Count} items × {Dimension}, tiles of {TileRows} rows, catalogue memory {Residency}, intra-op threads {Threads}")]
    public static partial void Created(ILogger logger, string device, int count, int dimension, int tileRows, string residency, int threads);

    [LoggerMessage(EventId = 2, EventName = "TorchIntraOpThreadsSet", Level = LogLevel.Information,
        Message = "LibTorch intra-op threads set to {Threads} (process-wide)")]
    public static partial void ThreadsSet(ILogger logger, int threads);
}
