using RsPipeline.Torch.Native;
using TorchSharp;

namespace RsPipeline.Torch;

/// <summary>Turns the <c>Inference:Device</c> setting into a LibTorch device.</summary>
internal static class TorchDevices
{
    /// <summary>Resolves <paramref name="device"/> (cpu, cuda, cuda:N, auto) against what this process's LibTorch offers.</summary>
    /// <exception cref="ArgumentException">Not a known device name.</exception>
    /// <exception cref="InvalidOperationException">CUDA was asked for and is not available.</exception>
    public static torch.Device Resolve(string device)
    {
        TorchNativeLoader.EnsureLoaded();
        return Resolve(device, torch.cuda.is_available);
    }

    internal static torch.Device Resolve(string device, Func<bool> isCudaAvailable)
    {
        ArgumentNullException.ThrowIfNull(isCudaAvailable);
        if (!TorchOptionsValidator.IsKnownDevice(device))
        {
            throw new ArgumentException($"Inference:Torch:Device is '{device}': expected 'cpu', 'cuda', 'cuda:N' or 'auto'", nameof(device));
        }

        var value = device.Trim();
        if (value.Equals(TorchOptions.DeviceCpu, StringComparison.OrdinalIgnoreCase))
        {
            return torch.CPU;
        }

        if (value.Equals(TorchOptions.DeviceAuto, StringComparison.OrdinalIgnoreCase))
        {
            return isCudaAvailable() ? new torch.Device(DeviceType.CUDA, 0) : torch.CPU;
        }

        if (!isCudaAvailable())
        {
            throw new InvalidOperationException(
                $"Inference:Torch:Device is '{value}' but CUDA is not available: this build carries the CPU LibTorch "
                + "(libtorch-cpu-linux-x64), and TorchSharp's CUDA natives cannot be restored here. "
                + "Use 'cpu' or 'auto', or deploy with the CUDA LibTorch on a GPU machine.");
        }

        return TorchOptionsValidator.TryParseCudaIndex(value, out var index)
            ? new torch.Device(DeviceType.CUDA, index)
            : new torch.Device(DeviceType.CUDA, 0);
    }
}
