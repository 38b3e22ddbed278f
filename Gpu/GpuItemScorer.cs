using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RsPipeline.Catalog;
using RsPipeline.Gpu.Kernels;
using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Gpu;

/// <summary>
/// Exact top-k by inner product with ILGPU kernels: on an NVIDIA GPU (PTX compiled by the driver)
/// or on ILGPU's CPU accelerator. The catalogue stays in device memory. Per batch: the queries go
/// up through a reused page-locked buffer; a bounds pass of the tiled kernel writes each query's
/// best score per bucket of items; a radix select turns those into a threshold per query that its
/// top-k cannot fall below; a collect pass of the same kernel (over the buckets that can hold a
/// result) appends the items at or above it; the few candidates come back through page-locked
/// buffers and the host orders them (score, then lower index). No B × N score matrix is ever
/// stored. One batch at a time; device memory is released on <see cref="Dispose"/>.
/// </summary>
public sealed class GpuItemScorer : IItemScorer
{
    private const int ThresholdThreads = 256;
    private const int BytesPerCandidate = sizeof(float) + sizeof(int);
    private const long BytesPerMegabyte = 1L << 20;

    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _items;
    private readonly BatchBuffers _buffers;
    private readonly CandidateSelection _selection = new();
    private readonly ScanLauncher _scan;
    private readonly Action<AcceleratorStream, KernelConfig, ArrayView<uint>, ArrayView<uint>, int, int> _threshold;
    private readonly int _threadsPerGroup;
    private readonly int _thresholdThreads;
    private readonly long _candidateBudgetBytes;
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>Opens the configured accelerator, uploads <paramref name="catalog"/> and compiles the kernels.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid (all problems listed).</exception>
    /// <exception cref="GpuUnavailableException">The accelerator cannot be used; the message says what is missing.</exception>
    public GpuItemScorer(ItemCatalog catalog, GpuScorerOptions options, ILogger<GpuItemScorer>? logger = null)
        : this(catalog, options, logger, driverCandidates: null)
    {
    }

    internal GpuItemScorer(ItemCatalog catalog, GpuScorerOptions options, ILogger<GpuItemScorer>? logger, IReadOnlyList<string>? driverCandidates)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        var validation = new GpuScorerOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(GpuScorerOptions.SectionName, typeof(GpuScorerOptions), validation.Failures);
        }

        Catalog = catalog;
        (_context, _accelerator) = GpuAccelerators.Create(options, driverCandidates);
        try
        {
            _threadsPerGroup = Math.Min(options.ThreadsPerGroup, _accelerator.MaxNumThreadsPerGroup);
            _thresholdThreads = Math.Min(ThresholdThreads, _accelerator.MaxNumThreadsPerGroup);
            _candidateBudgetBytes = options.CandidateMemoryMegabytes * BytesPerMegabyte;
            _items = Upload(_accelerator, catalog);
            _buffers = new BatchBuffers(_accelerator);
            _scan = new ScanLauncher(_accelerator);
            _threshold = _accelerator.LoadKernel<ArrayView<uint>, ArrayView<uint>, int, int>(ThresholdKernel.Run);
        }
        catch
        {
            _items?.Dispose();
            _buffers?.Dispose();
            _accelerator.Dispose();
            _context.Dispose();
            throw;
        }

        GpuLog.ScorerReady(logger ?? NullLogger<GpuItemScorer>.Instance, DeviceDescription, _threadsPerGroup, catalog.Count, catalog.Dimension, _items.LengthInBytes / BytesPerMegabyte);
    }

    /// <inheritdoc />
    public ItemCatalog Catalog { get; }

    /// <summary>The accelerator in words (name, type, memory), for logs and benchmark reports.</summary>
    public string DeviceDescription => $"{_accelerator.Name} ({_accelerator.AcceleratorType}, {_accelerator.MemorySize / BytesPerMegabyte:N0} MB)";

    /// <summary>Device bytes this scorer holds now: the catalogue plus the per-batch buffers.</summary>
    public long DeviceBytes => _disposed ? 0 : _items.LengthInBytes + _buffers.DeviceBytes;

    /// <summary>Threads per group actually used (the option, lowered to the device's limit).</summary>
    public int ThreadsPerGroup => _threadsPerGroup;

    internal Accelerator Accelerator => _accelerator;

    internal ArrayView<float> ItemsView => _items.View;

    /// <inheritdoc />
    public void ScoreTopK(ReadOnlySpan<float> queries, int rows, int k, Span<int> indices, Span<float> scores)
    {
        ScoringArguments.Validate(Catalog, queries, rows, k, indices, scores);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var plan = LaunchPlan.For(rows, k, Catalog.Count, Catalog.Dimension, _threadsPerGroup);
            var stream = _accelerator.DefaultStream;
            UploadQueries(stream, queries);
            var shape = plan.Shape;
            var bucketKeys = _buffers.BucketKeys.View((long)rows * shape.BucketCount);
            var thresholds = _buffers.Thresholds.View(rows);
            _scan.Launch(stream, _items.View, _buffers.Queries.View(queries.Length), bucketKeys, thresholds, _buffers.Counts.View(1), _buffers.CandidateScores.View(1), _buffers.CandidateItems.View(1), shape);
            _threshold(stream, new KernelConfig(rows, _thresholdThreads), bucketKeys, thresholds, shape.BucketCount, k);
            Collect(stream, plan, queries.Length, k, indices, scores);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _buffers.Dispose();
            _items.Dispose();
            _accelerator.Dispose();
            _context.Dispose();
        }
    }

    private static MemoryBuffer1D<float, Stride1D.Dense> Upload(Accelerator accelerator, ItemCatalog catalog)
    {
        var values = MemoryMarshal.TryGetArray(catalog.Embeddings, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : catalog.Embeddings.ToArray();
        var buffer = accelerator.Allocate1D<float>(values.LongLength);
        try
        {
            buffer.View.CopyFromCPU(values);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private void UploadQueries(AcceleratorStream stream, ReadOnlySpan<float> queries)
    {
        _buffers.HostQueries.Ensure(queries.Length);
        queries.CopyTo(_buffers.HostQueries.Array);
        _buffers.Queries.View(queries.Length).CopyFrom(stream, _buffers.HostQueries.View(queries.Length));
    }

    // Rows are collected in windows whose candidate slots fit the budget; a window where some row
    // found more candidates than it had slots is collected again with enough.
    private void Collect(AcceleratorStream stream, LaunchPlan plan, int queryValues, int k, Span<int> indices, Span<float> scores)
    {
        var shape = plan.Shape;
        var capacity = plan.InitialCapacity;
        var begin = 0;
        while (begin < shape.Rows)
        {
            var windowRows = (int)Math.Clamp(_candidateBudgetBytes / ((long)capacity * BytesPerCandidate), 1, shape.Rows - begin);
            var end = begin + windowRows;
            var slots = (long)windowRows * capacity;
            var counts = _buffers.Counts.View(windowRows);
            counts.MemSetToZero(stream);
            _scan.Launch(
                stream, _items.View, _buffers.Queries.View(queryValues), _buffers.BucketKeys.View((long)shape.Rows * shape.BucketCount), _buffers.Thresholds.View(shape.Rows),
                counts, _buffers.CandidateScores.View(slots), _buffers.CandidateItems.View(slots), shape.ForCollect(begin, end, capacity));
            var most = MaxOf(Download(stream, counts, _buffers.HostCounts, windowRows).AsSpan(0, windowRows));
            if (most > capacity)
            {
                capacity = most;
                continue;
            }

            Download(stream, _buffers.CandidateScores.View(slots), _buffers.HostScores, slots);
            Download(stream, _buffers.CandidateItems.View(slots), _buffers.HostItems, slots);
            _selection.Select(_buffers.HostCounts.Array, _buffers.HostScores.Array, _buffers.HostItems.Array, capacity, windowRows, k, begin, indices, scores);
            begin = end;
        }
    }

    private static int MaxOf(ReadOnlySpan<int> values)
    {
        var most = 0;
        foreach (var value in values)
        {
            most = Math.Max(most, value);
        }

        return most;
    }

    private static T[] Download<T>(AcceleratorStream stream, ArrayView<T> source, PinnedBuffer<T> target, long length)
        where T : unmanaged
    {
        target.Ensure(length);
        source.SubView(0, length).CopyTo(stream, target.View(length));
        stream.Synchronize();
        return target.Array;
    }
}
