using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RsPipeline.Catalog.Formats;
using RsPipeline.Catalog.Formats.Npy;
using RsPipeline.Catalog.Formats.Safetensors;
using RsPipeline.Catalog.Sharding;
using RsPipeline.Catalog.Synthetic;

namespace RsPipeline.Catalog;

/// <summary>
/// Builds the <see cref="ItemCatalog"/> that validated <see cref="CatalogOptions"/> describe: reads
/// and checks the embeddings and ids (or generates a synthetic catalogue) and logs what it loaded.
/// The <c>.npy</c> and safetensors formats are built in; others come from the
/// <see cref="IEmbeddingsReader"/>s given to the constructor.
/// </summary>
public sealed class CatalogLoader
{
    private readonly Dictionary<CatalogFormat, IEmbeddingsReader> _readers = new()
    {
        [CatalogFormat.Npy] = new NpyEmbeddingsReader(),
        [CatalogFormat.Safetensors] = new SafetensorsEmbeddingsReader(),
    };

    private readonly ILogger _logger;

    /// <summary>A loader for the built-in formats.</summary>
    public CatalogLoader(ILogger<CatalogLoader> logger)
        : this([], logger)
    {
    }

    /// <summary>A loader for the built-in formats and <paramref name="formats"/> (a later reader for the same format wins).</summary>
    public CatalogLoader(IEnumerable<IEmbeddingsReader> formats, ILogger<CatalogLoader> logger)
    {
        ArgumentNullException.ThrowIfNull(formats);
        ArgumentNullException.ThrowIfNull(logger);
        foreach (var reader in formats)
        {
            _readers[reader.Format] = reader;
        }

        _logger = logger;
    }

    /// <summary>Loads the catalogue <paramref name="options"/> (already validated) describe.</summary>
    /// <exception cref="CatalogLoadException">A file is unusable, or its format has no reader here; the message names the file and the problem.</exception>
    /// <exception cref="IOException">A file could not be read.</exception>
    public ItemCatalog Load(CatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var started = Stopwatch.GetTimestamp();
        var catalog = options.EmbeddingsPath is null ? Generate(options) : ReadFiles(options, options.EmbeddingsPath);
        var elapsed = Stopwatch.GetElapsedTime(started);
        CatalogLog.Loaded(_logger, catalog.Source, catalog.Count, catalog.Dimension, catalog.Version, elapsed.TotalMilliseconds);
        return catalog;
    }

    private ItemCatalog Generate(CatalogOptions options)
    {
        int count = options.SyntheticItemCount, dimension = options.SyntheticDimension;
        var seed = unchecked((ulong)options.SyntheticSeed);
        var name = SyntheticCatalog.VersionFor(count, dimension, seed);
        CatalogLog.Loading(_logger, name);
        if (!options.Shard.IsSharded)
        {
            var values = SyntheticCatalog.Generate(count, dimension, seed);
            return new ItemCatalog(values, count, dimension, ItemIdFile.RowNumbers(count), options.Version ?? name, name);
        }

        // The generator draws values in row order, so the rows up to the shard's end are a prefix of the whole catalogue's.
        var range = ShardRange.Of(options.Shard.Index, options.Shard.Count, count);
        var prefix = SyntheticCatalog.Generate(checked((int)range.EndRow), dimension, seed);
        var rows = CatalogMatrix.CopyOf(prefix.AsSpan(checked((int)range.FirstRow * dimension)));
        return new ItemCatalog(rows, range.Rows, dimension, ItemIdFile.RowNumbers(range.FirstRow, range.Rows), options.Version ?? name, $"{name} {range}")
        {
            Shard = range,
        };
    }

    private ItemCatalog ReadFiles(CatalogOptions options, string embeddingsPath)
    {
        var source = options.ItemIdsPath is null ? embeddingsPath : $"{embeddingsPath} (ids: {options.ItemIdsPath})";
        CatalogLog.Loading(_logger, source);
        if (!_readers.TryGetValue(options.Format, out var reader))
        {
            throw new CatalogLoadException(embeddingsPath, $"Catalog:Format {options.Format} needs a reader this host does not have");
        }

        var matrix = reader.Read(embeddingsPath, options.TensorName);
        if (matrix.SourceDtype is not (NpyFormat.Float32 or "F32" or "Float32"))
        {
            CatalogLog.Widened(_logger, embeddingsPath, matrix.SourceDtype);
        }

        FiniteValueCheck.EnsureFinite(matrix.Values, matrix.Columns, embeddingsPath);
        var shard = options.Shard;
        if (shard.RowOffset is { } offset)
        {
            // The file holds just this shard's rows; the configured version names the whole catalogue (the validator requires it).
            var range = new ShardRange(shard.Index, shard.Count, offset, matrix.Rows);
            var rangeIds = options.ItemIdsPath is null ? ItemIdFile.RowNumbers(offset, matrix.Rows) : ItemIdFile.Read(options.ItemIdsPath, matrix.Rows);
            return new ItemCatalog(matrix.DetachValues(), matrix.Rows, matrix.Columns, rangeIds, options.Version!, $"{source} {range}") { Shard = range };
        }

        var ids = options.ItemIdsPath is null ? ItemIdFile.RowNumbers(matrix.Rows) : ItemIdFile.Read(options.ItemIdsPath, matrix.Rows);
        var version = options.Version ?? ContentVersion.Compute(matrix.Values, matrix.Rows, matrix.Columns, ids);
        if (!shard.IsSharded)
        {
            return new ItemCatalog(matrix.DetachValues(), matrix.Rows, matrix.Columns, ids, version, source);
        }

        if (shard.Count > matrix.Rows)
        {
            throw new CatalogLoadException(embeddingsPath, $"Catalog:Shard:Count is {shard.Count}, more shards than the file's {matrix.Rows} rows");
        }

        // The whole catalogue's version, so every shard of it reports the same one.
        var whole = ShardRange.Of(shard.Index, shard.Count, matrix.Rows);
        var first = checked((int)whole.FirstRow);
        var values = CatalogMatrix.CopyOf(matrix.Values.Slice(first * matrix.Columns, whole.Rows * matrix.Columns));
        var shardIds = ItemIdFile.Range(ids, first, whole.Rows);
        return new ItemCatalog(values, whole.Rows, matrix.Columns, shardIds, version, $"{source} {whole}") { Shard = whole };
    }
}
