using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Pipeline;

/// <summary>Registers the recall pipeline with a host.</summary>
public static class RecallPipelineServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IRecallPipeline"/> and the hosted service that loads, warms up, serves and
    /// drains it, binding the "Batching", "Recall", "Catalog" and "Inference" sections of
    /// <paramref name="configuration"/>. Options are validated at start; batching settings follow
    /// configuration changes live.
    /// </summary>
    public static IServiceCollection AddRecallPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        // Batching is validated by LiveBatchingSettings itself (not IValidateOptions), so that an
        // invalid live change is rejected and logged instead of thrown from the change callback.
        services.Configure<BatchingOptions>(configuration.GetSection(BatchingOptions.SectionName));
        services.AddOptions<RecallOptions>().Bind(configuration.GetSection(RecallOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RecallOptions>, RecallOptionsValidator>());
        services.AddInferenceSources(configuration);
        services.TryAddSingleton<LiveBatchingSettings>();
        services.TryAddSingleton<RecallPipeline>();
        services.TryAddSingleton<IRecallPipeline>(sp => sp.GetRequiredService<RecallPipeline>());
        services.AddSingleton<RecallPipelineService>();
        services.AddHostedService(sp => sp.GetRequiredService<RecallPipelineService>());
        return services;
    }
}
