using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference.Tower;

namespace RsPipeline.Pipeline.Inference;

/// <summary>
/// The scorer named by configuration: the "Catalog" section's catalogue, the "Inference" section's
/// scorer over it (from the provider registered for that kind), behind the user tower when one is
/// configured. A reload reads the configuration as it is at that moment, with the reload's
/// changes applied and checked by the same validators as at start.
/// </summary>
public sealed class ConfiguredItemScorerSource : IItemScorerSource
{
    private const int TowerHashHexDigits = 8;
    private const string CatalogLoadThreadName = "catalogue load";

    private readonly IOptionsMonitor<CatalogOptions> _catalog;
    private readonly IOptionsMonitor<InferenceOptions> _inference;
    private readonly IEnumerable<IValidateOptions<CatalogOptions>> _catalogValidators;
    private readonly IEnumerable<IValidateOptions<InferenceOptions>> _inferenceValidators;
    private readonly CatalogLoader _loader;
    private readonly Dictionary<ScorerKind, IItemScorerProvider> _providers;
    private readonly IUserEncoderLoader? _towers;
    private readonly ILogger<ConfiguredItemScorerSource> _logger;

    /// <summary>Creates the source over the validated options and the host's scorer providers and tower loader.</summary>
    public ConfiguredItemScorerSource(
        IOptionsMonitor<CatalogOptions> catalog,
        IOptionsMonitor<InferenceOptions> inference,
        IEnumerable<IValidateOptions<CatalogOptions>> catalogValidators,
        IEnumerable<IValidateOptions<InferenceOptions>> inferenceValidators,
        CatalogLoader loader,
        IEnumerable<IItemScorerProvider> providers,
        IEnumerable<IUserEncoderLoader> towers,
        ILogger<ConfiguredItemScorerSource> logger)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(towers);
        _catalog = catalog;
        _inference = inference;
        _catalogValidators = catalogValidators;
        _inferenceValidators = inferenceValidators;
        _loader = loader;
        _providers = providers.ToDictionary(p => p.Kind);
        _towers = towers.LastOrDefault();
        _logger = logger;
    }

    /// <inheritdoc />
    /// <exception cref="OptionsValidationException">The configuration with <paramref name="changes"/> applied is invalid; every problem is listed.</exception>
    public Task<IItemScorer> LoadAsync(ScorerOverrides changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var catalogOptions = changes.Apply(_catalog.CurrentValue);
        var inferenceOptions = changes.Apply(_inference.CurrentValue);
        if (changes != ScorerOverrides.None)
        {
            // A reload's changes arrive past the start-up validation: this is their edge.
            Validate(catalogOptions, _catalogValidators);
            Validate(inferenceOptions, _inferenceValidators);
        }

        return LoadAsync(catalogOptions, inferenceOptions, cancellationToken);
    }

    private async Task<IItemScorer> LoadAsync(CatalogOptions catalogOptions, InferenceOptions inferenceOptions, CancellationToken cancellationToken)
    {
        // Reading, checking and hashing the matrix is most of a reload's work: it runs at low priority,
        // beside the serving threads. The scorer is built at normal priority, since the threads it may
        // start (the SIMD scorer's gang) inherit their creator's priority and serve from then on.
        var catalog = await LowPriorityThread.Run(() => _loader.Load(catalogOptions), CatalogLoadThreadName, cancellationToken).ConfigureAwait(false);
        return await Task.Run(() => Build(catalog, catalogOptions, inferenceOptions), cancellationToken).ConfigureAwait(false);
    }

    private IItemScorer Build(ItemCatalog catalog, CatalogOptions catalogOptions, InferenceOptions inferenceOptions)
    {
        var tower = inferenceOptions.UserTower;
        if (tower.Path is null)
        {
            return CreateScorer(catalog, inferenceOptions.Scorer);
        }

        // The reply's version must change when the tower does, unless the operator named the version.
        var version = catalogOptions.Version ?? $"{catalog.Version}+tower-{HashFile(tower.Path)}";
        var encoder = _towers!.Load(tower, catalog.Dimension);
        try
        {
            var scorer = new TowerItemScorer(encoder, CreateScorer(catalog.WithVersion(version), inferenceOptions.Scorer));
            InferenceLog.TowerReady(_logger, tower.Path, tower.InputDimension, catalog.Dimension, tower.Method);
            return scorer;
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    private IItemScorer CreateScorer(ItemCatalog catalog, ScorerKind kind)
    {
        var scorer = _providers[kind].Create(catalog);
        InferenceLog.ScorerReady(_logger, kind, catalog.Version);
        return scorer;
    }

    private static void Validate<TOptions>(TOptions options, IEnumerable<IValidateOptions<TOptions>> validators)
        where TOptions : class
    {
        var failures = validators
            .Select(validator => validator.Validate(Options.DefaultName, options))
            .Where(result => result.Failed)
            .SelectMany(result => result.Failures ?? [])
            .ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), failures);
        }
    }

    private static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..TowerHashHexDigits];
    }
}
