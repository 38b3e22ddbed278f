using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RsPipeline.Pipeline;
using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Torch.Tests;

/// <summary>The pipeline's services as a host registers them, LibTorch's included, over an in-memory configuration.</summary>
internal sealed class TorchHost : IDisposable
{
    private readonly ServiceProvider _services;

    public TorchHost(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        _services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(configuration)
            .AddRecallPipeline(configuration)
            .AddTorchInference(configuration)
            .BuildServiceProvider();
    }

    /// <summary>The configured scorer, loaded as at start-up.</summary>
    public Task<IItemScorer> LoadAsync() => _services.GetRequiredService<IItemScorerSource>().LoadAsync(ScorerOverrides.None, CancellationToken.None);

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public void Dispose() => _services.Dispose();
}
