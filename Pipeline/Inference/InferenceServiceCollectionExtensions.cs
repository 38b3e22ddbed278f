using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Inference.Catalog;

namespace RsPipeline.Pipeline.Inference;

/// <summary>Registers the catalogue and scorer the pipeline serves with.</summary>
public static class InferenceServiceCollectionExtensions
{
    /// <summary>Binds and validates (at start) the "Catalog" and "Inference" sections and registers the <see cref="IItemScorerSource"/> built from them.</summary>
    public static IServiceCollection AddInferenceSources(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CatalogOptions>().Bind(configuration.GetSection(CatalogOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CatalogOptions>, CatalogOptionsValidator>());
        services.AddOptions<InferenceOptions>().Bind(configuration.GetSection(InferenceOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>());
        services.TryAddSingleton<CatalogLoader>();
        services.TryAddSingleton<IItemScorerSource, ConfiguredItemScorerSource>();
        return services;
    }
}
