using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference.Tower;

namespace RsPipeline.Pipeline.Inference;

/// <summary>
/// What a reload changes relative to the configuration (all optional). With
/// <see cref="EmbeddingsPath"/>, the catalogue is the one described here: its ids come from
/// <see cref="ItemIdsPath"/> (else the row numbers) and its version from <see cref="Version"/>
/// (else a content hash), while <see cref="Format"/> and <see cref="TensorName"/> fall back to the
/// configuration. Without it, the configured catalogue is reloaded with whichever fields are given replaced.
/// </summary>
public sealed record ScorerOverrides
{
    /// <summary>A reload of exactly what the configuration says now.</summary>
    public static ScorerOverrides None { get; } = new();

    /// <summary>Replaces <c>Catalog:EmbeddingsPath</c>.</summary>
    public string? EmbeddingsPath { get; init; }

    /// <summary>Replaces <c>Catalog:ItemIdsPath</c>.</summary>
    public string? ItemIdsPath { get; init; }

    /// <summary>Replaces <c>Catalog:Format</c>.</summary>
    public CatalogFormat? Format { get; init; }

    /// <summary>Replaces <c>Catalog:TensorName</c>.</summary>
    public string? TensorName { get; init; }

    /// <summary>Replaces <c>Catalog:Version</c>.</summary>
    public string? Version { get; init; }

    /// <summary>Replaces <c>Inference:UserTower:Path</c> (its input dimension and method stay as configured).</summary>
    public string? UserTowerPath { get; init; }

    /// <summary>The catalogue options for this load: <paramref name="configured"/> with these overrides applied.</summary>
    public CatalogOptions Apply(CatalogOptions configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var replacesFile = EmbeddingsPath is not null;
        return new CatalogOptions
        {
            EmbeddingsPath = EmbeddingsPath ?? configured.EmbeddingsPath,
            ItemIdsPath = replacesFile ? ItemIdsPath : ItemIdsPath ?? configured.ItemIdsPath,
            Version = replacesFile ? Version : Version ?? configured.Version,
            Format = Format ?? configured.Format,
            TensorName = TensorName ?? configured.TensorName,
            SyntheticItemCount = configured.SyntheticItemCount,
            SyntheticDimension = configured.SyntheticDimension,
            SyntheticSeed = configured.SyntheticSeed,
            Shard = configured.Shard,
        };
    }

    /// <summary>The inference options for this load: <paramref name="configured"/> with the tower path replaced if given.</summary>
    public InferenceOptions Apply(InferenceOptions configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        if (UserTowerPath is null)
        {
            return configured;
        }

        return new InferenceOptions
        {
            Scorer = configured.Scorer,
            UserTower = new UserTowerOptions
            {
                Path = UserTowerPath,
                InputDimension = configured.UserTower.InputDimension,
                Method = configured.UserTower.Method,
            },
        };
    }
}
