using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Configuration;
using RsPipeline.Pipeline.Inference.Simd;
using RsPipeline.Pipeline.Inference.SimdInt8;

namespace RsPipeline.Pipeline.Inference;

/// <summary>Registers the catalogue and the scorers the pipeline can serve with.</summary>
public static class InferenceServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates (at start) the "Catalog", "Inference" and "Inference:Simd" sections,
    /// registers the SIMD scorers' providers (Simd and SimdInt8) and the <see cref="IItemScorerSource"/> built from them.
    /// Other scorers, catalogue formats and user towers come from the host's registrations
    /// (<see cref="IItemScorerProvider"/>, <see cref="Catalog.Formats.IEmbeddingsReader"/>, <see cref="Tower.IUserEncoderLoader"/>).
    /// </summary>
    public static IServiceCollection AddInferenceSources(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<CatalogOptions, CatalogOptionsValidator>(configuration, CatalogOptions.SectionName);
        services.AddValidatedOptions<InferenceOptions, InferenceOptionsValidator>(configuration, InferenceOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InferenceOptions>>(new MovedInferenceKeysValidator(configuration)));
        services.AddValidatedOptions<SimdScorerOptions, SimdScorerOptionsValidator>(configuration, SimdScorerOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IItemScorerProvider, SimdScorerProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IItemScorerProvider, SimdInt8ScorerProvider>());
        services.TryAddSingleton<CatalogLoader>();
        services.TryAddSingleton<IItemScorerSource, ConfiguredItemScorerSource>();
        return services;
    }
}
