using Microsoft.Extensions.Options;

namespace RsPipeline.Pipeline.Batching;

/// <summary>Checks every <see cref="BatchingOptions"/> rule and reports all violations at once, each naming its key.</summary>
public sealed class BatchingOptionsValidator : IValidateOptions<BatchingOptions>
{
    internal static readonly TimeSpan MaxWindow = TimeSpan.FromSeconds(10);
    internal const int MaxParallelism = 256;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, BatchingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var section = BatchingOptions.SectionName;
        if (options.MaxBatchSize < 1)
        {
            errors.Add($"{section}:{nameof(options.MaxBatchSize)} must be at least 1, was {options.MaxBatchSize}");
        }

        if (options.MaxBatchDelay < TimeSpan.Zero || options.MaxBatchDelay > MaxWindow)
        {
            errors.Add($"{section}:{nameof(options.MaxBatchDelay)} must be between 0 and {MaxWindow}, was {options.MaxBatchDelay}");
        }

        var targetInRange = options.LatencyTarget > TimeSpan.Zero && options.LatencyTarget <= MaxWindow;
        if (!targetInRange)
        {
            errors.Add($"{section}:{nameof(options.LatencyTarget)} must be more than 0 and at most {MaxWindow}, was {options.LatencyTarget}");
        }

        // Against a target out of range the margin is not judged: that target is the error to fix.
        if (options.LatencyTargetMargin < TimeSpan.Zero || (targetInRange && options.LatencyTargetMargin >= options.LatencyTarget))
        {
            errors.Add($"{section}:{nameof(options.LatencyTargetMargin)} must be at least 0 and less than {section}:{nameof(options.LatencyTarget)} ({options.LatencyTarget}), was {options.LatencyTargetMargin}");
        }

        if (!Enum.IsDefined(options.Policy))
        {
            errors.Add($"{section}:{nameof(options.Policy)} must be one of {string.Join(", ", Enum.GetNames<BatchingPolicy>())}, was {options.Policy}");
        }

        if (options.QueueCapacity < 1)
        {
            errors.Add($"{section}:{nameof(options.QueueCapacity)} must be at least 1, was {options.QueueCapacity}");
        }
        else if (options.QueueCapacity < options.MaxBatchSize)
        {
            errors.Add($"{section}:{nameof(options.QueueCapacity)} ({options.QueueCapacity}) must be at least {section}:{nameof(options.MaxBatchSize)} ({options.MaxBatchSize})");
        }

        if (options.MaxQueueTime < TimeSpan.Zero)
        {
            errors.Add($"{section}:{nameof(options.MaxQueueTime)} must not be negative (0 = off), was {options.MaxQueueTime}");
        }

        CheckParallelism(errors, nameof(options.ParseParallelism), options.ParseParallelism);
        CheckParallelism(errors, nameof(options.RespondParallelism), options.RespondParallelism);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckParallelism(List<string> errors, string key, int value)
    {
        if (value < 1 || value > MaxParallelism)
        {
            errors.Add($"{BatchingOptions.SectionName}:{key} must be between 1 and {MaxParallelism}, was {value}");
        }
    }
}
