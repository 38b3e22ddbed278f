using Microsoft.Extensions.Logging;

namespace RsPipeline.Catalog;

internal static partial class CatalogLog
{
    [LoggerMessage(EventId = 400, EventName = "CatalogLoading", Level = LogLevel.Debug,
        Message = "Loading the item catalogue from {Source}.")]
    public static partial void Loading(ILogger logger, string source);

    [LoggerMessage(EventId = 401, EventName = "CatalogLoaded", Level = LogLevel.Information,
        Message = "Loaded the item catalogue from {Source}: {ItemCount} items × {Dimension} dimensions, version {CatalogVersion}, in {ElapsedMilliseconds:F0} ms.")]
    public static partial void Loaded(ILogger logger, string source, int itemCount, int dimension, string catalogVersion, double elapsedMilliseconds);

    [LoggerMessage(EventId = 402, EventName = "CatalogWidened", Level = LogLevel.Information,
        Message = "The embeddings in {Path} are stored as {Dtype}; they were widened to float32.")]
    public static partial void Widened(ILogger logger, string path, string dtype);
}
