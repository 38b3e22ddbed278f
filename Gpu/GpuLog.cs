using Microsoft.Extensions.Logging;

namespace RsPipeline.Gpu;

internal static partial class GpuLog
{
    [LoggerMessage(EventId = 700, EventName = "GpuScorerReady", Level = LogLevel.Information,
        Message = "GPU scorer ready on {Device}: {ThreadsPerGroup} threads a group, catalogue {Count} × {Dimension} resident ({CatalogMegabytes} MB)")]
    public static partial void ScorerReady(ILogger logger, string device, int threadsPerGroup, int count, int dimension, long catalogMegabytes);
}
