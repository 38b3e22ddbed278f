namespace RsPipeline.Pipeline.Inference.Tower;

/// <summary>Loads the configured user tower; the host registers one (LibTorch's, for TorchScript modules) when it can run towers.</summary>
public interface IUserEncoderLoader
{
    /// <summary>
    /// Loads the tower <paramref name="options"/> name and checks that it turns F features into
    /// <paramref name="outputDimension"/> values; the caller owns (disposes) the result.
    /// </summary>
    /// <exception cref="UserTowerLoadException">The tower does not load or answers the wrong shape; the message says which.</exception>
    IUserEncoder Load(UserTowerOptions options, int outputDimension);
}
