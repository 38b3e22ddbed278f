using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Inference.Tower;

namespace RsPipeline.Pipeline.Inference;

/// <summary>
/// Checks <see cref="InferenceOptions"/> and reports every problem at once, each naming its key:
/// the scorer must be one this host provides, and a configured user tower must be usable.
/// </summary>
public sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    private const string Prefix = InferenceOptions.SectionName + ":";
    private const string TowerPrefix = Prefix + nameof(InferenceOptions.UserTower) + ":";

    private readonly HashSet<ScorerKind> _available;
    private readonly bool _towersAvailable;

    /// <summary>A validator for a host with these scorer providers and, when <paramref name="towerLoaders"/> is not empty, user towers.</summary>
    public InferenceOptionsValidator(IEnumerable<IItemScorerProvider> providers, IEnumerable<IUserEncoderLoader> towerLoaders)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(towerLoaders);
        _available = providers.Select(p => p.Kind).ToHashSet();
        _towersAvailable = towerLoaders.Any();
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, InferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Scorer))
        {
            errors.Add($"{Prefix}{nameof(InferenceOptions.Scorer)} is {options.Scorer}: expected one of {string.Join(", ", Enum.GetNames<ScorerKind>())}");
        }
        else if (!_available.Contains(options.Scorer))
        {
            errors.Add($"{Prefix}{nameof(InferenceOptions.Scorer)} is {options.Scorer}, which this host does not provide: available {string.Join(", ", _available.Order())}");
        }

        CheckUserTower(errors, options.UserTower);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private void CheckUserTower(List<string> errors, UserTowerOptions? tower)
    {
        if (tower?.Path is not { } path)
        {
            return;
        }

        if (!_towersAvailable)
        {
            errors.Add($"{TowerPrefix}Path is set, but this host cannot run user towers (no LibTorch support registered)");
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
}
