using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Inference.Simd;
using RsPipeline.Pipeline.Inference.Torch;

namespace RsPipeline.Pipeline.Inference;

/// <summary>Creates the configured <see cref="IItemScorer"/> for a catalogue.</summary>
public static class ItemScorerFactory
{
    /// <summary>Validates <paramref name="options"/> and builds the scorer they name over <paramref name="catalog"/>.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid (all problems listed).</exception>
    /// <exception cref="NotSupportedException">The chosen scorer is unknown.</exception>
    public static IItemScorer Create(ItemCatalog catalog, InferenceOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        var validation = new InferenceOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(InferenceOptions.SectionName, typeof(InferenceOptions), validation.Failures);
        }

        loggerFactory ??= NullLoggerFactory.Instance;
        return options.Scorer switch
        {
            ScorerKind.Torch => new TorchExactScorer(catalog, options, loggerFactory.CreateLogger<TorchExactScorer>()),
            ScorerKind.Simd => new SimdBlockedScorer(catalog),
            _ => throw new NotSupportedException($"Inference:Scorer '{options.Scorer}' is not supported."),
        };
    }
}
