namespace RsPipeline.Catalog.Sharding;

/// <summary>
/// The rows a shard serves: shard <c>i</c> of <c>n</c> over <c>N</c> rows holds the contiguous rows
/// <c>[⌊i·N/n⌋, ⌊(i+1)·N/n⌋)</c>, so the ranges cover every row once and differ in size by at most one.
/// </summary>
/// <param name="Index">The shard's number.</param>
/// <param name="Count">How many shards there are.</param>
/// <param name="FirstRow">The global row number of the shard's first row.</param>
/// <param name="Rows">How many rows it holds.</param>
public sealed record ShardRange(int Index, int Count, long FirstRow, int Rows)
{
    /// <summary>The range of shard <paramref name="index"/> of <paramref name="count"/> over <paramref name="totalRows"/> rows.</summary>
    /// <exception cref="ArgumentOutOfRangeException">count &lt; 1, index outside [0, count), or more shards than rows.</exception>
    public static ShardRange Of(int index, int count, long totalRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)count, totalRows, nameof(count));
        var first = index * totalRows / count;
        var end = (index + 1) * totalRows / count;
        return new ShardRange(index, count, first, checked((int)(end - first)));
    }

    /// <summary>One past the global row number of the shard's last row.</summary>
    public long EndRow => FirstRow + Rows;

    /// <inheritdoc/>
    public override string ToString() => $"shard {Index} of {Count}, rows [{FirstRow}, {EndRow})";
}
