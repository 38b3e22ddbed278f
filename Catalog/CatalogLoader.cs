using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RsPipeline.Catalog.Formats;
using RsPipeline.Catalog.Formats.Npy;
using RsPipeline.Catalog.Formats.Safetensors;
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
        var values = SyntheticCatalog.Generate(count, dimension, seed);
        return new ItemCatalog(values, count, dimension, ItemIdFile.RowNumbers(count), options.Version ?? name, name);
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
        var ids = options.ItemIdsPath is null ? ItemIdFile.RowNumbers(matrix.Rows) : ItemIdFile.Read(options.ItemIdsPath, matrix.Rows);
        var version = options.Version ?? ContentVersion.Compute(matrix.Values, matrix.Rows, matrix.Columns, ids);
        return new ItemCatalog(matrix.DetachValues(), matrix.Rows, matrix.Columns, ids, version, source);
    }
}
