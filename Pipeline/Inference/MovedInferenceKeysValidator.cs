using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace RsPipeline.Pipeline.Inference;

/// <summary>
/// LibTorch's knobs moved under <c>Inference:Torch</c>: an old key still set stops start-up with an
/// error naming its new place, instead of being silently ignored.
/// </summary>
internal sealed class MovedInferenceKeysValidator(IConfiguration configuration) : IValidateOptions<InferenceOptions>
{
    private static readonly (string Old, string New)[] Moved =
    [
        ("Inference:Device", "Inference:Torch:Device"),
        ("Inference:TorchIntraOpThreads", "Inference:Torch:IntraOpThreads"),
        ("Inference:ItemTileRows", "Inference:Torch:ItemTileRows"),
    ];

    public ValidateOptionsResult Validate(string? name, InferenceOptions options)
    {
        var errors = Moved
            .Where(key => configuration[key.Old] is not null)
            .Select(key => $"{key.Old} has moved: set {key.New} instead (it applies to LibTorch's work only)")
            .ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
