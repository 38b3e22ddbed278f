using Microsoft.Extensions.Logging;
using RsPipeline.Pipeline.Inference.Native;

namespace RsPipeline.Pipeline.Inference;

internal static partial class InferenceLog
{
    [LoggerMessage(EventId = 300, EventName = "TorchLoaded", Level = LogLevel.Information,
        Message = "LibTorch loaded ({Method}, {LibraryPath})")]
    private static partial void TorchLoadedSummary(ILogger logger, TorchNativeLoadMethod method, string libraryPath);

    [LoggerMessage(EventId = 301, EventName = "TorchLoadTrace", Level = LogLevel.Debug, Message = "LibTorch load steps:\n{Trace}")]
    private static partial void TorchLoadTrace(ILogger logger, string trace);

    [LoggerMessage(EventId = 302, EventName = "ScorerReady", Level = LogLevel.Information,
        Message = "Scorer {Scorer} on device {Device} ready for catalogue {CatalogVersion}")]
    public static partial void ScorerReady(ILogger logger, ScorerKind scorer, string device, string catalogVersion);

    [LoggerMessage(EventId = 303, EventName = "UserTowerReady", Level = LogLevel.Information,
        Message = "User tower {Path} ready: {InputDimension} features → {Dimension} dimensions via '{Method}'")]
    public static partial void TowerReady(ILogger logger, string path, int inputDimension, int dimension, string method);

    public static void TorchLoaded(ILogger logger, TorchNativeLoadMethod method, string libraryPath, string trace)
    {
        TorchLoadedSummary(logger, method, libraryPath);
        TorchLoadTrace(logger, trace);
    }
}
