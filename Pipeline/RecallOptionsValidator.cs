using Microsoft.Extensions.Options;

namespace RsPipeline.Pipeline;

/// <summary>Checks every <see cref="RecallOptions"/> rule and reports all violations at once, each naming its key.</summary>
public sealed class RecallOptionsValidator : IValidateOptions<RecallOptions>
{
    internal const int TopKCeiling = 100_000;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RecallOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var section = RecallOptions.SectionName;
        if (options.MaxTopK < 1 || options.MaxTopK > TopKCeiling)
        {
            errors.Add($"{section}:{nameof(options.MaxTopK)} must be between 1 and {TopKCeiling}, was {options.MaxTopK}");
        }

        if (options.DefaultTopK < 1 || options.DefaultTopK > options.MaxTopK)
        {
            errors.Add($"{section}:{nameof(options.DefaultTopK)} must be between 1 and {section}:{nameof(options.MaxTopK)} ({options.MaxTopK}), was {options.DefaultTopK}");
        }

        if (options.MaxExcludedItems < 0)
        {
            errors.Add($"{section}:{nameof(options.MaxExcludedItems)} must be at least 0, was {options.MaxExcludedItems}");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
