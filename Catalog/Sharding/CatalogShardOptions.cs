namespace RsPipeline.Catalog.Sharding;

/// <summary>
/// Which part of the catalogue this server serves (configuration section <c>Catalog:Shard</c>):
/// shard <see cref="Index"/> of <see cref="Count"/> contiguous row ranges (<see cref="ShardRange"/>),
/// with item ids kept global. The default, 0 of 1, is the whole catalogue.
/// </summary>
public sealed class CatalogShardOptions
{
    /// <summary>This shard's number, 0 ≤ Index &lt; <see cref="Count"/>. Default 0.</summary>
    public int Index { get; set; }

    /// <summary>How many shards the catalogue is split into, 1 ≤ Count ≤ the catalogue's rows. Default 1 (not sharded).</summary>
    public int Count { get; set; } = 1;

    /// <summary>
    /// Set when the embeddings file holds only this shard's rows (as the split tool writes them): the
    /// global row number of the file's first row. Without an id file the ids are RowOffset, RowOffset + 1, ….
    /// Requires <c>Catalog:Version</c>, so every shard of one catalogue reports the same version. Default
    /// <c>null</c>: the file (or the synthetic catalogue) is the whole catalogue and the shard takes its range of it.
    /// </summary>
    public long? RowOffset { get; set; }

    /// <summary>Whether this server serves part of a catalogue.</summary>
    public bool IsSharded => Count > 1 || RowOffset is not null;
}
