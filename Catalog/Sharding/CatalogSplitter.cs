using RsPipeline.Catalog.Formats.Npy;

namespace RsPipeline.Catalog.Sharding;

/// <summary>
/// Splits a <c>.npy</c> catalogue (and its id file, if any) into one file per shard, each holding
/// the rows of its <see cref="ShardRange"/>: <c>shard-{i}.npy</c> and, with ids, <c>shard-{i}.ids</c>.
/// A shard server loads its file with <c>Catalog:Shard:RowOffset</c> = the range's first row and
/// <c>Catalog:Version</c> = the whole catalogue's version, which the split computes as a server
/// would over the whole file.
/// </summary>
public static class CatalogSplitter
{
    /// <summary>Writes the <paramref name="shardCount"/> shard files into <paramref name="outputDirectory"/> (created if missing).</summary>
    /// <exception cref="CatalogLoadException">An input file is unusable (the message names it).</exception>
    /// <exception cref="ArgumentOutOfRangeException">More shards than rows, or fewer than one.</exception>
    public static CatalogSplit Split(string embeddingsPath, string? itemIdsPath, int shardCount, string outputDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(embeddingsPath);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        var matrix = NpyReader.Read(embeddingsPath);
        FiniteValueCheck.EnsureFinite(matrix.Values, matrix.Columns, embeddingsPath);
        var ids = itemIdsPath is null ? ItemIdFile.RowNumbers(matrix.Rows) : ItemIdFile.Read(itemIdsPath, matrix.Rows);
        var version = ContentVersion.Compute(matrix.Values, matrix.Rows, matrix.Columns, ids);
        Directory.CreateDirectory(outputDirectory);
        var shards = new List<ShardFile>(shardCount);
        for (var index = 0; index < shardCount; index++)
        {
            var range = ShardRange.Of(index, shardCount, matrix.Rows);
            var first = checked((int)range.FirstRow);
            var embeddings = Path.Combine(outputDirectory, $"shard-{index}.npy");
            NpyWriter.Write(embeddings, matrix.Values.Slice(first * matrix.Columns, range.Rows * matrix.Columns), range.Rows, matrix.Columns);
            string? idFile = null;
            if (itemIdsPath is not null)
            {
                idFile = Path.Combine(outputDirectory, $"shard-{index}.ids");
                File.WriteAllLines(idFile, ids.Skip(first).Take(range.Rows));
            }

            shards.Add(new ShardFile(range, embeddings, idFile));
        }

        return new CatalogSplit(version, matrix.Rows, matrix.Columns, shards);
    }
}

/// <summary>What <see cref="CatalogSplitter.Split"/> wrote.</summary>
/// <param name="Version">The whole catalogue's content version: every shard's <c>Catalog:Version</c>.</param>
/// <param name="Rows">The whole catalogue's rows.</param>
/// <param name="Dimension">Its dimension.</param>
/// <param name="Shards">One entry per shard, in shard order.</param>
public sealed record CatalogSplit(string Version, int Rows, int Dimension, IReadOnlyList<ShardFile> Shards);

/// <summary>One shard's files.</summary>
/// <param name="Range">The rows it holds.</param>
/// <param name="EmbeddingsPath">Its <c>.npy</c> file.</param>
/// <param name="ItemIdsPath">Its id file, or null when the catalogue had none (the ids are then the global row numbers).</param>
public sealed record ShardFile(ShardRange Range, string EmbeddingsPath, string? ItemIdsPath);
