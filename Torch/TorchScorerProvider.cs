using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Torch;

/// <summary><c>Inference:Scorer Torch</c>: LibTorch's matmul with the <c>Inference:Torch</c> settings.</summary>
internal sealed class TorchScorerProvider(TorchRuntime runtime, IOptions<TorchOptions> options, ILoggerFactory loggers) : IItemScorerProvider
{
    public ScorerKind Kind => ScorerKind.Torch;

    public IItemScorer Create(ItemCatalog catalog)
    {
        runtime.EnsureLoaded("the Torch scorer");
        return new TorchExactScorer(catalog, options.Value, loggers.CreateLogger<TorchExactScorer>());
    }
}
