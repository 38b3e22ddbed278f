using System.Globalization;
using Microsoft.Extensions.Options;

namespace RsPipeline.Torch;

/// <summary>Checks <see cref="TorchOptions"/> and reports every problem at once, each naming its key.</summary>
public sealed class TorchOptionsValidator : IValidateOptions<TorchOptions>
{
    private const string Prefix = TorchOptions.SectionName + ":";
    private const string CudaIndexPrefix = TorchOptions.DeviceCuda + ":";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TorchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!IsKnownDevice(options.Device))
        {
            errors.Add($"{Prefix}{nameof(TorchOptions.Device)} is '{options.Device}': expected 'cpu', 'cuda', 'cuda:N' or 'auto'");
        }

        if (options.IntraOpThreads is < 0 or > TorchOptions.MaxIntraOpThreads)
        {
            errors.Add($"{Prefix}{nameof(TorchOptions.IntraOpThreads)} is {options.IntraOpThreads}: expected 0 (LibTorch's default) to {TorchOptions.MaxIntraOpThreads}");
        }

        if (options.ItemTileRows is < 1 or > TorchOptions.MaxItemTileRows)
        {
            errors.Add($"{Prefix}{nameof(TorchOptions.ItemTileRows)} is {options.ItemTileRows}: expected 1 to {TorchOptions.MaxItemTileRows}");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Whether <paramref name="device"/> names a device LibTorch understands here: cpu, cuda, cuda:N or auto (any case).</summary>
    internal static bool IsKnownDevice(string? device)
    {
        var value = device?.Trim();
        return value is not null
            && (value.Equals(TorchOptions.DeviceCpu, StringComparison.OrdinalIgnoreCase)
                || value.Equals(TorchOptions.DeviceCuda, StringComparison.OrdinalIgnoreCase)
                || value.Equals(TorchOptions.DeviceAuto, StringComparison.OrdinalIgnoreCase)
                || TryParseCudaIndex(value, out _));
    }

    /// <summary>Parses <c>cuda:N</c> (N ≥ 0).</summary>
    internal static bool TryParseCudaIndex(string device, out int index)
    {
        index = 0;
        return device.StartsWith(CudaIndexPrefix, StringComparison.OrdinalIgnoreCase)
            && int.TryParse(device.AsSpan(CudaIndexPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }
}
