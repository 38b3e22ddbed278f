using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Inference.Catalog;
using RsPipeline.Pipeline.Inference.Native;

namespace RsPipeline.Pipeline.Inference;

/// <summary>The scorer named by configuration: LibTorch loaded first, then the "Catalog" section's catalogue, then the "Inference" section's scorer over it.</summary>
public sealed class ConfiguredItemScorerSource : IItemScorerSource
{
    private readonly CatalogOptions _catalog;
    private readonly InferenceOptions _inference;
    private readonly CatalogLoader _loader;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<ConfiguredItemScorerSource> _logger;

    /// <summary>Creates the source from validated options.</summary>
    public ConfiguredItemScorerSource(IOptions<CatalogOptions> catalog, IOptions<InferenceOptions> inference, CatalogLoader loader, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(inference);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _catalog = catalog.Value;
        _inference = inference.Value;
        _loader = loader;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ConfiguredItemScorerSource>();
    }

    /// <inheritdoc />
    public Task<IItemScorer> LoadAsync(CancellationToken cancellationToken) => Task.Run(
        () =>
        {
            var native = TorchNativeLoader.EnsureLoaded();
            InferenceLog.TorchLoaded(_logger, native.Method, native.LibraryPath ?? "(shipped location)", native.Trace);
            cancellationToken.ThrowIfCancellationRequested();
            var catalog = _loader.Load(_catalog);
            cancellationToken.ThrowIfCancellationRequested();
            var scorer = ItemScorerFactory.Create(catalog, _inference, _loggerFactory);
            InferenceLog.ScorerReady(_logger, _inference.Scorer, _inference.Device, catalog.Version);
            return scorer;
        },
        cancellationToken);
}
