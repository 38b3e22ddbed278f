using System.Numerics;
using Microsoft.Extensions.Options;

namespace RsPipeline.Gpu;

/// <summary>Checks <see cref="GpuScorerOptions"/> and reports every problem at once, each naming its key.</summary>
public sealed class GpuScorerOptionsValidator : IValidateOptions<GpuScorerOptions>
{
    private const string Prefix = GpuScorerOptions.SectionName + ":";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GpuScorerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Accelerator))
        {
            errors.Add($"{Prefix}{nameof(GpuScorerOptions.Accelerator)} is {options.Accelerator}: expected one of {string.Join(", ", Enum.GetNames<GpuAcceleratorKind>())}");
        }

        if (options.DeviceIndex < 0)
        {
            errors.Add($"{Prefix}{nameof(GpuScorerOptions.DeviceIndex)} is {options.DeviceIndex}: expected 0 or more");
        }

        if (options.ThreadsPerGroup is < GpuScorerOptions.MinThreadsPerGroup or > GpuScorerOptions.MaxThreadsPerGroup
            || !BitOperations.IsPow2(options.ThreadsPerGroup))
        {
            errors.Add($"{Prefix}{nameof(GpuScorerOptions.ThreadsPerGroup)} is {options.ThreadsPerGroup}: expected a power of two from {GpuScorerOptions.MinThreadsPerGroup} to {GpuScorerOptions.MaxThreadsPerGroup}");
        }

        if (options.CandidateMemoryMegabytes is < 1 or > GpuScorerOptions.MaxCandidateMemoryMegabytes)
        {
            errors.Add($"{Prefix}{nameof(GpuScorerOptions.CandidateMemoryMegabytes)} is {options.CandidateMemoryMegabytes}: expected 1 to {GpuScorerOptions.MaxCandidateMemoryMegabytes}");
        }

        if (options.CpuThreadsPerGroup is < 1 or > GpuScorerOptions.DefaultCpuThreadsPerGroup || !BitOperations.IsPow2(options.CpuThreadsPerGroup))
        {
            errors.Add($"CpuThreadsPerGroup is {options.CpuThreadsPerGroup}: expected a power of two from 1 to {GpuScorerOptions.DefaultCpuThreadsPerGroup}");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
