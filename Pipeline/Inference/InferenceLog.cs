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

    [LoggerMessage(EventId = 302, EventName = "Int8ScorerUnavailable", Level = LogLevel.Warning,
        Message = "Scorer SimdInt8 needs AVX-VNNI, AVX-512BW or AVX2 with FMA, which this CPU lacks: scoring with the fp32 Simd kernel instead")]
    public static partial void Int8ScorerUnavailable(ILogger logger);

    [LoggerMessage(EventId = 303, EventName = "Int8CatalogueQuantized", Level = LogLevel.Information,
        Message = "Scorer SimdInt8 quantized {Count} rows in {Milliseconds} ms: {Megabytes} MiB beside the fp32 rows, path {Path}; int8 for batches up to {MaxBatch} rows (0: every batch), the fp32 kernel above ({ExactMegabytes} MiB packed)")]
    public static partial void Int8CatalogueQuantized(
        ILogger logger, int count, long milliseconds, long megabytes, SimdInt8.Int8Path path, int maxBatch, long exactMegabytes);
}
