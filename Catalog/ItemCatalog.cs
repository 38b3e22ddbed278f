namespace RsPipeline.Catalog;

/// <summary>
/// The item embeddings the service scores against, resident in host memory as one row-major
/// <c>Count × Dimension</c> float32 matrix, with an id per row and a version for replies and traces.
/// Immutable once built; a reload builds a new one.
/// </summary>
public sealed class ItemCatalog
{
    private readonly float[] _embeddings;

    /// <summary>Wraps an already validated matrix; <paramref name="embeddings"/> is owned by the catalogue from here on.</summary>
    /// <exception cref="ArgumentException">Sizes disagree.</exception>
    public ItemCatalog(float[] embeddings, int count, int dimension, IReadOnlyList<string> itemIds, string version, string source)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(itemIds);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if ((long)count * dimension != embeddings.LongLength)
        {
            throw new ArgumentException($"embedding matrix holds {embeddings.LongLength} floats, expected {count} × {dimension}", nameof(embeddings));
        }

        if (itemIds.Count != count)
        {
            throw new ArgumentException($"{itemIds.Count} item ids for {count} rows", nameof(itemIds));
        }

        _embeddings = embeddings;
        Count = count;
        Dimension = dimension;
        ItemIds = itemIds;
        Version = version;
        Source = source;
    }

    /// <summary>
    /// A catalogue held elsewhere (a router's shards): its size, dimension and version, no rows here
    /// (<see cref="Embeddings"/> and <see cref="ItemIds"/> are empty; <see cref="IsResident"/> is false).
    /// </summary>
    public static ItemCatalog Remote(int count, int dimension, string version, string source) => new(count, dimension, version, source);

    private ItemCatalog(int count, int dimension, string version, string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        _embeddings = [];
        Count = count;
        Dimension = dimension;
        ItemIds = [];
        Version = version;
        Source = source;
        IsResident = false;
    }

    /// <summary>Whether the rows are in this process (false for <see cref="Remote"/>).</summary>
    public bool IsResident { get; } = true;

    /// <summary>Number of items (rows).</summary>
    public int Count { get; }

    /// <summary>Embedding dimension d (columns); a user vector must have this many values.</summary>
    public int Dimension { get; }

    /// <summary>The row-major matrix.</summary>
    public ReadOnlyMemory<float> Embeddings => _embeddings;

    /// <summary>The id of each row, in row order.</summary>
    public IReadOnlyList<string> ItemIds { get; }

    /// <summary>Identifies this content in replies and traces (a content hash or the configured name).</summary>
    public string Version { get; }

    /// <summary>Where it came from (file paths, or the synthetic generator's settings), for logs.</summary>
    public string Source { get; }

    /// <summary>The rows of the whole catalogue this one holds when it is a shard (ids stay global); null for a whole catalogue.</summary>
    public Sharding.ShardRange? Shard { get; init; }

    /// <summary>One item's embedding.</summary>
    public ReadOnlySpan<float> Row(int index) => _embeddings.AsSpan(checked(index * Dimension), Dimension);

    /// <summary>The same content (the matrix array is shared, not copied) reported under another version.</summary>
    public ItemCatalog WithVersion(string version) => new(_embeddings, Count, Dimension, ItemIds, version, Source) { Shard = Shard };
}
