using ILGPU;
using ILGPU.Runtime;

namespace RsPipeline.Gpu;

/// <summary>A device buffer reused across batches, reallocated only when a batch needs more than it holds.</summary>
internal sealed class DeviceBuffer<T> : IDisposable
    where T : unmanaged
{
    private readonly Accelerator _accelerator;
    private MemoryBuffer1D<T, Stride1D.Dense>? _buffer;

    public DeviceBuffer(Accelerator accelerator) => _accelerator = accelerator;

    /// <summary>Bytes held on the device.</summary>
    public long SizeBytes => _buffer?.LengthInBytes ?? 0;

    /// <summary>The first <paramref name="length"/> elements, growing the buffer (contents lost) when needed.</summary>
    public ArrayView<T> View(long length)
    {
        if (_buffer is null || _buffer.Length < length)
        {
            _buffer?.Dispose();
            _buffer = null;
            _buffer = _accelerator.Allocate1D<T>(BufferGrowth.Capacity(length));
        }

        return _buffer.View.SubView(0, length);
    }

    public void Dispose()
    {
        _buffer?.Dispose();
        _buffer = null;
    }
}

/// <summary>A page-locked (pinned, registered with the driver) host array reused across batches, so copies run as DMA without a staging copy.</summary>
internal sealed class PinnedBuffer<T> : IDisposable
    where T : unmanaged
{
    private readonly Accelerator _accelerator;
    private PageLockedArray1D<T>? _array;

    public PinnedBuffer(Accelerator accelerator) => _accelerator = accelerator;

    /// <summary>Grows the array (contents lost) to hold at least <paramref name="length"/> elements.</summary>
    public void Ensure(long length)
    {
        if (_array is null || _array.Length < length)
        {
            _array?.Dispose();
            _array = null;
            _array = _accelerator.AllocatePageLocked1D<T>(BufferGrowth.Capacity(length), uninitialized: true);
        }
    }

    /// <summary>The managed array behind the pinned memory (call <see cref="Ensure"/> first).</summary>
    public T[] Array => _array?.GetArray() ?? throw new InvalidOperationException("pinned buffer used before Ensure");

    /// <summary>The first <paramref name="length"/> elements as a view the accelerator copies from or to (call <see cref="Ensure"/> first).</summary>
    public ArrayView<T> View(long length) => (_array ?? throw new InvalidOperationException("pinned buffer used before Ensure")).ArrayView.SubView(0, length);

    public void Dispose()
    {
        _array?.Dispose();
        _array = null;
    }
}

internal static class BufferGrowth
{
    private const long MinElements = 1_024;

    // Powers of two: a batch size that creeps up reallocates a logarithmic number of times.
    public static long Capacity(long length) => Math.Max(MinElements, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)length));
}
