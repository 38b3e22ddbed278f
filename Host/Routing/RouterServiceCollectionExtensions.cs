using Microsoft.Extensions.DependencyInjection.Extensions;
using RsPipeline.Pipeline.Configuration;
using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Host.Routing;

/// <summary>Registers the router role.</summary>
public static class RouterServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates (at start) the "Router" section; when <c>Router:Shards</c> names any
    /// shard, the pipeline's scorer source becomes the shards' (<see cref="RemoteScorerSource"/>).
    /// Call after the pipeline's registration.
    /// </summary>
    public static IServiceCollection AddShardRouter(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<RouterOptions, RouterOptionsValidator>(configuration, RouterOptions.SectionName);
        if (configuration.GetSection(RouterOptions.SectionName).GetSection(nameof(RouterOptions.Shards)).GetChildren().Any())
        {
            services.Replace(ServiceDescriptor.Singleton<IItemScorerSource, RemoteScorerSource>());
        }

        return services;
    }
}
