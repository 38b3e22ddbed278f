namespace RsPipeline.Catalog;

/// <summary>
/// Where the item catalogue comes from (configuration section <see cref="SectionName"/>): an
/// embeddings file (<c>.npy</c>, TorchScript or safetensors, see <see cref="Format"/>) with an
/// optional id file, or, when no file is named, a synthetic
/// catalogue. Checked by <see cref="CatalogOptionsValidator"/>. Relative paths are resolved
/// against the process's current directory.
/// </summary>
public sealed class CatalogOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Catalog";

    internal const int DefaultSyntheticItemCount = 100_000;
    internal const int DefaultSyntheticDimension = 64;
    internal const long DefaultSyntheticSeed = 42;
    internal const CatalogFormat DefaultFormat = CatalogFormat.Npy;

    /// <summary>
    /// The embeddings, one row per item, stored as <see cref="Format"/> says (by default a 2-D NumPy
    /// <c>.npy</c> file, dtype <c>&lt;f4</c> or <c>&lt;f2</c>, C order). Default <c>null</c>: generate a synthetic catalogue instead. An empty or
    /// blank value counts as unset (a configuration file has no other way to say "none").
    /// </summary>
    public string? EmbeddingsPath { get => _embeddingsPath; set => _embeddingsPath = Unset(value); }

    /// <summary>
    /// The item ids, one per line in row order (UTF-8). Default <c>null</c>: the row numbers
    /// <c>"0"</c>, <c>"1"</c>, …. Only valid together with <see cref="EmbeddingsPath"/>. Empty counts as unset.
    /// </summary>
    public string? ItemIdsPath { get => _itemIdsPath; set => _itemIdsPath = Unset(value); }

    /// <summary>
    /// The version reported in replies and traces. Default <c>null</c>: for files, the first 12 hex
    /// digits of a SHA-256 over the embeddings and ids; for a synthetic catalogue, its parameters
    /// (<c>synthetic-100000x64-seed42</c>). Empty counts as unset.
    /// </summary>
    public string? Version { get => _version; set => _version = Unset(value); }

    /// <summary>How <see cref="EmbeddingsPath"/> is stored. Default <see cref="CatalogFormat.Npy"/>.</summary>
    public CatalogFormat Format { get; set; } = DefaultFormat;

    /// <summary>
    /// The tensor holding the matrix in a TorchScript file (a buffer or parameter name, e.g.
    /// <c>item_embeddings</c> or <c>encoder.weight</c>) or a safetensors file. Default <c>null</c>:
    /// the file's only 2-D tensor. Ignored for <c>.npy</c>. Empty counts as unset.
    /// </summary>
    public string? TensorName { get => _tensorName; set => _tensorName = Unset(value); }

    /// <summary>Items in the synthetic catalogue. Default 100,000.</summary>
    public int SyntheticItemCount { get; set; } = DefaultSyntheticItemCount;

    /// <summary>Embedding dimension of the synthetic catalogue. Default 64.</summary>
    public int SyntheticDimension { get; set; } = DefaultSyntheticDimension;

    /// <summary>Seed of the synthetic catalogue's generator; the same seed gives the same bytes everywhere. Default 42.</summary>
    public long SyntheticSeed { get; set; } = DefaultSyntheticSeed;

    /// <summary>The part of the catalogue this server serves (<c>Catalog:Shard</c>); by default all of it.</summary>
    public Sharding.CatalogShardOptions Shard { get; set; } = new();

    private string? _embeddingsPath;
    private string? _itemIdsPath;
    private string? _version;
    private string? _tensorName;

    private static string? Unset(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
