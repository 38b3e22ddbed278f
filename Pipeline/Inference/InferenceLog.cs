using Microsoft.Extensions.Logging;

namespace RsPipeline.Pipeline.Inference;

internal static partial class InferenceLog
{
    [LoggerMessage(EventId = 300, EventName = "ScorerReady", Level = LogLevel.Information,
        Message = "Scorer {Scorer} ready for catalogue {CatalogVersion}")]
    public static partial void ScorerReady(ILogger logger, ScorerKind scorer, string catalogVersion);

    [LoggerMessage(EventId = 301, EventName = "UserTowerReady", Level = LogLevel.Information,
        Message = "User tower {Path} ready: {InputDimension} features → {Dimension} dimensions via '{Method}'")]
    public static partial void TowerReady(ILogger logger, string path, int inputDimension, int dimension, string method);
}
