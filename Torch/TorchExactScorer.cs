using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference;
using RsPipeline.Pipeline.Inference.Selection;
using RsPipeline.Torch.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace RsPipeline.Torch;

/// <summary>
/// Exact top-k with LibTorch: the batch is multiplied against the item matrix one tile of
/// <see cref="TorchOptions.ItemTileRows"/> rows at a time, and each score block is folded into
/// per-query <see cref="TopKAccumulator"/>s in C#, so the order (score descending, ties by lower
/// index) is exact, which torch.topk does not guarantee. On the CPU the item tensor shares the
/// catalogue's array and the matmul writes straight into a reused managed buffer; elsewhere the
/// matrix is copied to the device once and each score block is copied back. Used by one caller at a time.
/// </summary>
public sealed class TorchExactScorer : IItemScorer
{
    private readonly Device _device;
    private readonly bool _onCpu;
    private readonly int _tileRows;
    private readonly Tensor _items;
    private readonly Tensor[] _tilesTransposed;
    private float[] _queryBuffer = [];
    private Tensor? _queryStorage;
    private float[] _blockBuffer = [];
    private Tensor? _blockStorage;
    private TopKAccumulator[] _accumulators = [];
    private bool _disposed;

    /// <summary>Places <paramref name="catalog"/> on the configured device (validated options) and prepares the tiles.</summary>
    /// <exception cref="InvalidOperationException">The device is CUDA and CUDA is not available.</exception>
    public TorchExactScorer(ItemCatalog catalog, TorchOptions options, ILogger<TorchExactScorer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        TorchNativeLoader.EnsureLoaded();
        var log = (ILogger?)logger ?? NullLogger.Instance;
        if (options.IntraOpThreads > 0)
        {
            torch.set_num_threads(options.IntraOpThreads);
            TorchLog.ThreadsSet(log, options.IntraOpThreads);
        }

        Catalog = catalog;
        _device = TorchDevices.Resolve(options.Device);
        _onCpu = _device.type == DeviceType.CPU;
        _tileRows = Math.Min(options.ItemTileRows, catalog.Count);
        (_items, SharesCatalogMemory) = PlaceItems(catalog, _device);
        _tilesTransposed = SliceTiles(_items, catalog.Count, _tileRows);
        var residency = SharesCatalogMemory ? "shared with the catalogue" : "copied";
        var threads = torch.get_num_threads();
        TorchLog.ScorerCreated(log, DeviceName, catalog.Count, catalog.Dimension, _tileRows, residency, threads);
    }

    /// <inheritdoc />
    public ItemCatalog Catalog { get; }

    /// <summary>The LibTorch device the matrix lives on, e.g. <c>cpu</c> or <c>cuda:0</c>.</summary>
    public string DeviceName => _device.ToString();

    /// <summary>Item rows per matmul tile (the configured value, at most the catalogue's size).</summary>
    public int ItemTileRows => _tileRows;

    /// <summary>True when the item tensor uses the catalogue's own array (CPU), false when it holds a copy.</summary>
    public bool SharesCatalogMemory { get; }

    /// <inheritdoc />
    public void ScoreTopK(ReadOnlySpan<float> queries, int rows, int k, Span<int> indices, Span<float> scores)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ScoringArguments.Validate(Catalog, queries, rows, k, indices, scores);
        var dimension = Catalog.Dimension;
        EnsureCapacity(rows, dimension, k);
        queries.CopyTo(_queryBuffer);

        using (torch.inference_mode())
        using (torch.NewDisposeScope())
        {
            var batch = _queryStorage!.narrow(0, 0, (long)rows * dimension).view(rows, dimension);
            if (!_onCpu)
            {
                batch = batch.to(_device);
            }

            for (var tile = 0; tile < _tilesTransposed.Length; tile++)
            {
                ScoreTile(batch, rows, tile);
            }
        }

        for (var r = 0; r < rows; r++)
        {
            _accumulators[r].DrainBestFirst(indices.Slice(r * k, k), scores.Slice(r * k, k));
        }
    }

    /// <summary>Releases the tensors; the catalogue's array is unpinned once LibTorch lets go of it.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var tile in _tilesTransposed)
        {
            tile.Dispose();
        }

        _items.Dispose();
        _queryStorage?.Dispose();
        _blockStorage?.Dispose();
    }

    private void ScoreTile(Tensor batch, int rows, int tile)
    {
        var tileTransposed = _tilesTransposed[tile];
        var firstItem = tile * _tileRows;
        var tileRows = Math.Min(_tileRows, Catalog.Count - firstItem);
        using var block = _blockStorage!.narrow(0, 0, (long)rows * tileRows).view(rows, tileRows);
        if (_onCpu)
        {
            // beta = 0: the buffer's old contents are ignored; the product lands in managed memory, no copy.
            block.addmm_(batch, tileTransposed, beta: 0, alpha: 1);
        }
        else
        {
            using var product = batch.mm(tileTransposed);
            block.copy_(product);
        }

        for (var r = 0; r < rows; r++)
        {
            _accumulators[r].PushRange(_blockBuffer.AsSpan(r * tileRows, tileRows), firstItem);
        }
    }

    private void EnsureCapacity(int rows, int dimension, int k)
    {
        var queryLength = rows * dimension;
        if (_queryBuffer.Length < queryLength)
        {
            _queryStorage?.Dispose();
            _queryBuffer = new float[queryLength];
            _queryStorage = torch.from_array(_queryBuffer);
        }

        var blockLength = checked(rows * _tileRows);
        if (_blockBuffer.Length < blockLength)
        {
            _blockStorage?.Dispose();
            _blockBuffer = new float[blockLength];
            _blockStorage = torch.from_array(_blockBuffer);
        }

        if (_accumulators.Length < rows)
        {
            var grown = new TopKAccumulator[rows];
            _accumulators.CopyTo(grown, 0);
            for (var r = _accumulators.Length; r < rows; r++)
            {
                grown[r] = new TopKAccumulator(k);
            }

            _accumulators = grown;
        }

        for (var r = 0; r < rows; r++)
        {
            _accumulators[r].Reset(k);
        }
    }

    private static (Tensor Items, bool Shared) PlaceItems(ItemCatalog catalog, Device device)
    {
        var length = (long)catalog.Count * catalog.Dimension;
        var shared = MemoryMarshal.TryGetArray(catalog.Embeddings, out var segment)
            && segment.Offset == 0 && segment.Array!.LongLength == length;
        var array = shared ? segment.Array! : catalog.Embeddings.ToArray();

        // from_array pins the array with a GCHandle that LibTorch frees when the storage dies, so the
        // array stays alive and in place for the tensor's lifetime. LibTorch never writes to it here.
        using var flat = torch.from_array(array);
        var hostView = flat.view(catalog.Count, catalog.Dimension);
        if (device.type == DeviceType.CPU)
        {
            return (hostView, shared);
        }

        using (hostView)
        {
            return (hostView.to(device), false);
        }
    }

    private static Tensor[] SliceTiles(Tensor items, int count, int tileRows)
    {
        var tiles = new Tensor[(count + tileRows - 1) / tileRows];
        for (var t = 0; t < tiles.Length; t++)
        {
            var start = (long)t * tileRows;
            using var rowsView = items.narrow(0, start, Math.Min(tileRows, count - start));
            tiles[t] = rowsView.t();
        }

        return tiles;
    }
}
