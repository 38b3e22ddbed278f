using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Inference.Catalog;
using RsPipeline.Pipeline.Inference.Native;
using RsPipeline.Pipeline.Inference.Torch;
using RsPipeline.Pipeline.Inference.Tower;

namespace RsPipeline.Pipeline.Inference;

/// <summary>
/// The scorer named by configuration: LibTorch loaded first, then the "Catalog" section's
/// catalogue, then the "Inference" section's scorer over it, behind the user tower when one is
/// configured. Reloads read the configuration as it is at that moment.
/// </summary>
public sealed class ConfiguredItemScorerSource : IItemScorerSource
{
    private const int TowerHashHexDigits = 8;

    private readonly IOptionsMonitor<CatalogOptions> _catalog;
    private readonly IOptionsMonitor<InferenceOptions> _inference;
    private readonly CatalogLoader _loader;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<ConfiguredItemScorerSource> _logger;

    /// <summary>Creates the source from validated options.</summary>
    public ConfiguredItemScorerSource(IOptionsMonitor<CatalogOptions> catalog, IOptionsMonitor<InferenceOptions> inference, CatalogLoader loader, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(inference);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _catalog = catalog;
        _inference = inference;
        _loader = loader;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ConfiguredItemScorerSource>();
    }

    /// <inheritdoc />
    public Task<IItemScorer> LoadAsync(CancellationToken cancellationToken) => LoadAsync(ScorerOverrides.None, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="OptionsValidationException">The configuration with the overrides applied is invalid.</exception>
    public Task<IItemScorer> LoadAsync(ScorerOverrides changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var catalogOptions = changes.Apply(_catalog.CurrentValue);
        var inferenceOptions = changes.Apply(_inference.CurrentValue);
        return Task.Run(() => Load(catalogOptions, inferenceOptions, cancellationToken), cancellationToken);
    }

    private IItemScorer Load(CatalogOptions catalogOptions, InferenceOptions inferenceOptions, CancellationToken cancellationToken)
    {
        var validation = new InferenceOptionsValidator().Validate(null, inferenceOptions);
        if (validation.Failed)
        {
            throw new OptionsValidationException(InferenceOptions.SectionName, typeof(InferenceOptions), validation.Failures);
        }

        var native = TorchNativeLoader.EnsureLoaded();
        InferenceLog.TorchLoaded(_logger, native.Method, native.LibraryPath ?? "(shipped location)", native.Trace);
        cancellationToken.ThrowIfCancellationRequested();
        var catalog = _loader.Load(catalogOptions);
        cancellationToken.ThrowIfCancellationRequested();
        var tower = inferenceOptions.UserTower;
        if (tower.Path is null)
        {
            return CreateScorer(catalog, inferenceOptions);
        }

        // The reply's version must change when the tower does, unless the operator named the version.
        var version = catalogOptions.Version ?? $"{catalog.Version}+tower-{HashFile(tower.Path)}";
        var encoder = TorchUserTower.Load(tower, catalog.Dimension, inferenceOptions.Device);
        try
        {
            var scorer = new TowerItemScorer(encoder, CreateScorer(catalog.WithVersion(version), inferenceOptions));
            InferenceLog.TowerReady(_logger, tower.Path, tower.InputDimension, catalog.Dimension, tower.Method);
            return scorer;
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    private IItemScorer CreateScorer(ItemCatalog catalog, InferenceOptions options)
    {
        var scorer = ItemScorerFactory.Create(catalog, options, _loggerFactory);
        InferenceLog.ScorerReady(_logger, options.Scorer, options.Device, catalog.Version);
        return scorer;
    }

    private static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..TowerHashHexDigits];
    }
}
