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

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
