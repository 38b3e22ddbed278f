using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RsPipeline.Catalog.Formats;
using RsPipeline.Pipeline.Configuration;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Inference.Tower;

namespace RsPipeline.Torch;

/// <summary>Registers what LibTorch brings to the pipeline.</summary>
public static class TorchServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Torch scorer (<c>Inference:Scorer Torch</c>), the TorchScript catalogue format and the
    /// TorchScript user tower, with the <c>Inference:Torch</c> settings (validated at start). Nothing
    /// of LibTorch is loaded until one of them is used.
    /// </summary>
    public static IServiceCollection AddTorchInference(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<TorchOptions, TorchOptionsValidator>(configuration, TorchOptions.SectionName);
        services.TryAddSingleton<TorchRuntime>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IItemScorerProvider, TorchScorerProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEmbeddingsReader, TorchScriptEmbeddingsReader>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IUserEncoderLoader, TorchUserEncoderLoader>());
        return services;
    }
}
