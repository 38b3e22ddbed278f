namespace RsPipeline.Torch.Native;

/// <summary>LibTorch's native libraries could not be loaded; the message lists what was tried and why each step failed.</summary>
public sealed class TorchNativeLoadException : Exception
{
    /// <summary>Creates the exception with the full account of the attempts.</summary>
    public TorchNativeLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the full account of the attempts and the failure that ended them.</summary>
    public TorchNativeLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TorchNativeLoadException()
    {
    }
}
