using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RsPipeline.Pipeline.Inference.Torch;

namespace RsPipeline.Pipeline.Inference.Catalog;

/// <summary>
/// Builds the <see cref="ItemCatalog"/> that <see cref="CatalogOptions"/> describe: reads and
/// checks the embeddings and ids (or generates a synthetic catalogue) and logs what it loaded.
/// </summary>
public sealed class CatalogLoader
{
    private readonly ILogger _logger;

    /// <summary>Creates a loader that logs to <paramref name="logger"/>.</summary>
    public CatalogLoader(ILogger<CatalogLoader> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <summary>Loads the catalogue.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid; every problem is listed.</exception>
    /// <exception cref="CatalogLoadException">A file is unusable; the message names it and the problem.</exception>
    /// <exception cref="IOException">A file could not be read.</exception>
    public ItemCatalog Load(CatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new CatalogOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(CatalogOptions), validation.Failures);
        }

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
        var matrix = ReadMatrix(options, embeddingsPath);
        if (matrix.SourceDtype is not (NpyFormat.Float32 or "F32" or "Float32"))
        {
            CatalogLog.Widened(_logger, embeddingsPath, matrix.SourceDtype);
        }

        FiniteValueCheck.EnsureFinite(matrix.Values, matrix.Columns, embeddingsPath);
        var ids = options.ItemIdsPath is null ? ItemIdFile.RowNumbers(matrix.Rows) : ItemIdFile.Read(options.ItemIdsPath, matrix.Rows);
        var version = options.Version ?? ContentVersion.Compute(matrix.Values, matrix.Rows, matrix.Columns, ids);
        return new ItemCatalog(matrix.DetachValues(), matrix.Rows, matrix.Columns, ids, version, source);
    }

    private static NpyMatrix ReadMatrix(CatalogOptions options, string path) => options.Format switch
    {
        CatalogFormat.Npy => NpyReader.Read(path),
        CatalogFormat.Safetensors => SafetensorsReader.Read(path, options.TensorName),
        CatalogFormat.TorchScript => TorchScriptTensorReader.Read(path, options.TensorName),
        _ => throw new CatalogLoadException(path, $"Catalog:Format {options.Format} is not supported"),
    };
}
