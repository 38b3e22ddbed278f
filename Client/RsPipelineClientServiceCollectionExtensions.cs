using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RsPipeline.Protos.Rs;

namespace RsPipeline.Client;

/// <summary>Registers the RsPipeline client in a service container.</summary>
public static class RsPipelineClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="RsPipelineClient"/> and the generated clients (<see cref="RSer.RSerClient"/>,
    /// <see cref="Recall.V1.Recall.RecallClient"/>, <see cref="Admin.V1.Admin.AdminClient"/>), all on one
    /// shared <see cref="RsPipelineConnection"/> configured by <paramref name="configure"/> (checked when
    /// first resolved: an invalid setting throws <see cref="OptionsValidationException"/> naming every problem).
    /// </summary>
    public static IServiceCollection AddRsPipelineClient(this IServiceCollection services, Action<RsPipelineClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<RsPipelineClientOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RsPipelineClientOptions>, RsPipelineClientOptionsValidator>());
        services.TryAddSingleton(provider => new RsPipelineConnection(provider.GetRequiredService<IOptions<RsPipelineClientOptions>>(), provider.GetService<TimeProvider>()));
        services.TryAddSingleton(provider => new RSer.RSerClient(provider.GetRequiredService<RsPipelineConnection>().Invoker));
        services.TryAddSingleton(provider => new Recall.V1.Recall.RecallClient(provider.GetRequiredService<RsPipelineConnection>().Invoker));
        services.TryAddSingleton(provider => new Admin.V1.Admin.AdminClient(provider.GetRequiredService<RsPipelineConnection>().Invoker));
        services.TryAddSingleton<RsPipelineClient>();
        return services;
    }
}
