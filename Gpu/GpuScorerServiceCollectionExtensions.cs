using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RsPipeline.Pipeline.Configuration;
using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Gpu;

/// <summary>Registers the GPU scorer with a host.</summary>
public static class GpuScorerServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="GpuScorerOptions"/> from <c>Inference:Gpu</c>, validates them at start (all
    /// errors at once) and registers <see cref="GpuItemScorerProvider"/> as an <see cref="IItemScorerProvider"/>.
    /// </summary>
    public static IServiceCollection AddGpuScorer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<GpuScorerOptions, GpuScorerOptionsValidator>(configuration, GpuScorerOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IItemScorerProvider, GpuItemScorerProvider>());
        return services;
    }
}
