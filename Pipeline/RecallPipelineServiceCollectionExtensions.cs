using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RsPipeline.Pipeline.Batching;
using RsPipeline.Pipeline.Configuration;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Reload;
using RsPipeline.Pipeline.Telemetry;

namespace RsPipeline.Pipeline;

/// <summary>Registers the recall pipeline with a host.</summary>
public static class RecallPipelineServiceCollectionExtensions
{
    private const string BatchingAtStart = "BatchingAtStart";

    /// <summary>
    /// Adds <see cref="IRecallPipeline"/> and the hosted service that loads, warms up, serves and
    /// drains it, binding the "Batching", "Recall", "Catalog" and "Inference" sections of
    /// <paramref name="configuration"/>. Options are validated at start; batching settings follow
    /// configuration changes live (validated as they are swapped in).
    /// </summary>
    public static IServiceCollection AddRecallPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);

        // The live (default-named) batching options carry no validator, so an invalid change is
        // rejected and logged by LiveBatchingSettings instead of thrown from the change callback; a
        // named copy bound to the same section is validated at start with the other sections, so
        // every configuration error is reported at once.
        services.AddBoundOptions<BatchingOptions>(configuration, BatchingOptions.SectionName);
        services.AddValidatedOptions<BatchingOptions, BatchingOptionsValidator>(configuration, BatchingOptions.SectionName, BatchingAtStart);
        services.AddValidatedOptions<RecallOptions, RecallOptionsValidator>(configuration, RecallOptions.SectionName);
        services.AddInferenceSources(configuration);
        services.TryAddSingleton<LiveBatchingSettings>();
        services.TryAddSingleton(sp => new RsPipelineTelemetry(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<ScorerSlot>();
        services.TryAddSingleton<InferenceCostModel>();
        services.TryAddSingleton<ScorerPreparation>();
        services.TryAddSingleton<RecallPipeline>();
        services.TryAddSingleton<IRecallPipeline>(sp => sp.GetRequiredService<RecallPipeline>());
        services.TryAddSingleton<IMemoryReclaimer, GarbageCollectorReclaimer>();
        services.TryAddSingleton<CatalogReloader>();
        services.TryAddSingleton<ICatalogReloader>(sp => sp.GetRequiredService<CatalogReloader>());
        services.AddSingleton<RecallPipelineService>();
        services.AddHostedService(sp => sp.GetRequiredService<RecallPipelineService>());
        return services;
    }
}
