using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Gpu;

/// <summary>Builds <see cref="GpuItemScorer"/>s for <c>Inference:Scorer = Gpu</c> with the validated <c>Inference:Gpu</c> options.</summary>
public sealed class GpuItemScorerProvider : IItemScorerProvider
{
    private readonly IOptions<GpuScorerOptions> _options;
    private readonly ILoggerFactory _loggerFactory;

    /// <summary>Creates the provider; scorers are built on demand, one per catalogue.</summary>
    public GpuItemScorerProvider(IOptions<GpuScorerOptions> options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options;
        _loggerFactory = loggerFactory;
    }

    /// <inheritdoc />
    public ScorerKind Kind => ScorerKind.Gpu;

    /// <inheritdoc />
    /// <exception cref="GpuUnavailableException">The configured accelerator cannot be used.</exception>
    public IItemScorer Create(ItemCatalog catalog) => new GpuItemScorer(catalog, _options.Value, _loggerFactory.CreateLogger<GpuItemScorer>());
}
