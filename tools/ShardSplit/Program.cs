using System.Globalization;
using RsPipeline.Catalog;
using RsPipeline.Catalog.Sharding;

// shard-split <embeddings.npy> <shard count> <output directory> [item ids file]
// A command-line tool: its output is the settings each shard server needs, on stdout.
if (args.Length is < 3 or > 4 || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
{
    await Console.Error.WriteLineAsync("usage: ShardSplit <embeddings.npy> <shard count ≥ 1> <output directory> [item ids file]");
    return 2;
}

try
{
    var split = CatalogSplitter.Split(args[0], args.Length == 4 ? args[3] : null, count, args[2]);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{split.Rows} rows × {split.Dimension}, version {split.Version}, {count} shards:"));
    foreach (var shard in split.Shards)
    {
        var ids = shard.ItemIdsPath is null ? string.Empty : $" --Catalog:ItemIdsPath={shard.ItemIdsPath}";
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {shard.Range}: --Catalog:EmbeddingsPath={shard.EmbeddingsPath}{ids} --Catalog:Shard:Index={shard.Range.Index} --Catalog:Shard:Count={count} --Catalog:Shard:RowOffset={shard.Range.FirstRow} --Catalog:Version={split.Version}"));
    }

    return 0;
}
catch (Exception ex) when (ex is CatalogLoadException or IOException or ArgumentException)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}
