using Microsoft.Extensions.Options;

namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>Checks <see cref="SimdScorerOptions"/> and reports every problem at once, each naming its key.</summary>
public sealed class SimdScorerOptionsValidator : IValidateOptions<SimdScorerOptions>
{
    private const string Prefix = SimdScorerOptions.SectionName + ":";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SimdScorerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.ThreadCount is < 1 or > SimdScorerOptions.MaxThreadCount)
        {
            errors.Add($"{Prefix}{nameof(SimdScorerOptions.ThreadCount)} is {options.ThreadCount}: expected 1 to {SimdScorerOptions.MaxThreadCount}");
        }

        if (options.TileKilobytes is < 1 or > SimdScorerOptions.MaxTileKilobytes)
        {
            errors.Add($"{Prefix}{nameof(SimdScorerOptions.TileKilobytes)} is {options.TileKilobytes}: expected 1 to {SimdScorerOptions.MaxTileKilobytes}");
        }

        if (options.Int8MaxBatch is < 0 or > SimdScorerOptions.MaxInt8MaxBatch)
        {
            errors.Add($"{Prefix}{nameof(SimdScorerOptions.Int8MaxBatch)} is {options.Int8MaxBatch}: expected 0 (every batch in int8) to {SimdScorerOptions.MaxInt8MaxBatch}");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
