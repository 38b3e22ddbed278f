using System.Globalization;
using Microsoft.Extensions.Options;

namespace RsPipeline.Pipeline.Inference;

/// <summary>Checks <see cref="InferenceOptions"/> and reports every problem at once, each naming its key.</summary>
public sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    private const string Prefix = InferenceOptions.SectionName + ":";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, InferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!IsKnownDevice(options.Device))
        {
            errors.Add($"{Prefix}{nameof(InferenceOptions.Device)} is '{options.Device}': expected 'cpu', 'cuda', 'cuda:N' or 'auto'");
        }

        if (!Enum.IsDefined(options.Scorer))
        {
            errors.Add($"{Prefix}{nameof(InferenceOptions.Scorer)} is {options.Scorer}: expected one of {string.Join(", ", Enum.GetNames<ScorerKind>())}");
        }

        if (options.Scorer == ScorerKind.Simd && options.Device is { } device && device.StartsWith(InferenceOptions.DeviceCuda, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{Prefix}{nameof(InferenceOptions.Scorer)} is Simd, which runs on the CPU, but {Prefix}{nameof(InferenceOptions.Device)} is '{device}': use Scorer Torch for a GPU");
        }

        if (options.TorchIntraOpThreads is < 0 or > InferenceOptions.MaxTorchIntraOpThreads)
        {
            errors.Add($"{Prefix}{nameof(InferenceOptions.TorchIntraOpThreads)} is {options.TorchIntraOpThreads}: expected 0 (LibTorch's default) to {InferenceOptions.MaxTorchIntraOpThreads}");
        }

        if (options.ItemTileRows is < 1 or > InferenceOptions.MaxItemTileRows)
        {
            errors.Add($"{Prefix}{nameof(InferenceOptions.ItemTileRows)} is {options.ItemTileRows}: expected 1 to {InferenceOptions.MaxItemTileRows}");
        }

        CheckUserTower(errors, options.UserTower);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckUserTower(List<string> errors, Tower.UserTowerOptions? tower)
    {
        const string TowerPrefix = Prefix + nameof(InferenceOptions.UserTower) + ":";
        if (tower?.Path is not { } path)
        {
            return;
        }

        if (!File.Exists(path))
        {
            errors.Add($"{TowerPrefix}Path: file '{path}' does not exist (resolved as '{Path.GetFullPath(path)}')");
        }

        if (tower.InputDimension < 1)
        {
            errors.Add($"{TowerPrefix}InputDimension is {tower.InputDimension}: a user tower needs the request's feature count F (≥ 1)");
        }

        if (string.IsNullOrWhiteSpace(tower.Method))
        {
            errors.Add($"{TowerPrefix}Method is empty: name the module's method to call (default 'forward')");
        }
    }

    internal static bool IsKnownDevice(string? device)
    {
        if (string.IsNullOrWhiteSpace(device))
        {
            return false;
        }

        var value = device.Trim();
        if (value.Equals(InferenceOptions.DeviceCpu, StringComparison.OrdinalIgnoreCase)
            || value.Equals(InferenceOptions.DeviceCuda, StringComparison.OrdinalIgnoreCase)
            || value.Equals(InferenceOptions.DeviceAuto, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return TryParseCudaIndex(value, out _);
    }

    internal static bool TryParseCudaIndex(string device, out int index)
    {
        index = 0;
        const string CudaPrefix = InferenceOptions.DeviceCuda + ":";
        return device.StartsWith(CudaPrefix, StringComparison.OrdinalIgnoreCase)
            && int.TryParse(device.AsSpan(CudaPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }
}
