namespace RsPipeline.Pipeline.Inference.Tower;

/// <summary>
/// The optional user tower (configuration section <c>Inference:UserTower</c>): a TorchScript
/// module that turns each request's F feature values into the d-dimensional user embedding that is
/// scored against the catalogue. Without <see cref="Path"/>, the request vector is the embedding.
/// </summary>
public sealed class UserTowerOptions
{
    internal const string DefaultMethod = "forward";

    /// <summary>
    /// The TorchScript file (<c>torch.jit.save</c>). Default <c>null</c>: no tower. An empty or blank
    /// value counts as unset. Relative paths are resolved against the process's current directory.
    /// </summary>
    public string? Path { get => _path; set => _path = string.IsNullOrWhiteSpace(value) ? null : value; }

    /// <summary>
    /// F, the number of feature values a request carries, i.e. the module's input width. Required
    /// with <see cref="Path"/> (≥ 1). Default 0 (unset).
    /// </summary>
    public int InputDimension { get; set; }

    /// <summary>The module's method to call on the B×F batch; it must return B×d. Default <c>forward</c>.</summary>
    public string Method { get; set; } = DefaultMethod;

    private string? _path;
}
