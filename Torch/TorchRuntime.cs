using Microsoft.Extensions.Logging;
using RsPipeline.Torch.Native;

namespace RsPipeline.Torch;

/// <summary>
/// The host's entry to LibTorch: every Torch component asks it first, so LibTorch is loaded (and
/// its route logged) the first time something configured needs it, and never otherwise.
/// </summary>
public sealed class TorchRuntime(ILogger<TorchRuntime> logger)
{
    private int _logged;

    /// <summary>Loads LibTorch if it is not loaded yet; <paramref name="purpose"/> says for what, in the log.</summary>
    /// <exception cref="TorchNativeLoadException">LibTorch cannot be loaded; the message lists each attempt.</exception>
    public void EnsureLoaded(string purpose)
    {
        var loaded = TorchNativeLoader.EnsureLoaded();
        if (Interlocked.Exchange(ref _logged, 1) == 0)
        {
            TorchLog.Loaded(logger, loaded.Method, loaded.LibraryPath ?? "(shipped location)", purpose);
            TorchLog.LoadTrace(logger, loaded.Trace);
        }
    }
}
