namespace RsPipeline.Torch.Native;

/// <summary>How LibTorchSharp was brought into the process.</summary>
/// <param name="Method">Which route succeeded.</param>
/// <param name="LibraryPath">The file that was loaded (the shipped one, or the patched copy); null when the route gives no path.</param>
/// <param name="Trace">Every step taken, one per line, for the start-up log.</param>
public sealed record TorchNativeLoad(TorchNativeLoadMethod Method, string? LibraryPath, string Trace);

/// <summary>The route by which LibTorchSharp was loaded.</summary>
public enum TorchNativeLoadMethod
{
    /// <summary>The shipped library loaded as it is: the system libstdc++ is new enough, nothing was patched.</summary>
    AsShipped,

    /// <summary>The system libstdc++ lacks GLIBCXX_3.4.32; a copy with that requirement marked weak was loaded.</summary>
    PatchedCopy,

    /// <summary>Not Linux: TorchSharp's own loader is used unchanged.</summary>
    TorchSharpDefault,
}
