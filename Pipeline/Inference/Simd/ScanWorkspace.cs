using System.Runtime.InteropServices;

namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>One scanning thread's buffers, kept across calls: its running top-k, the kernels'
/// scratch area and the buffers it merges the threads' candidates in.</summary>
internal sealed unsafe class ScanWorkspace : IDisposable
{
    private float* _scratch = (float*)NativeMemory.AlignedAlloc(ScanContext.ScratchFloats * sizeof(float), 64);
    private ulong[] _merge = [];
    private int[] _keys = [];

    public PartialTopK TopK { get; } = new();

    public ScanContext Context(PackedCatalog items) => new(items, TopK, _scratch);

    public Span<ulong> MergeBuffer(int length)
    {
        if (_merge.Length < length)
        {
            _merge = new ulong[length];
        }

        return _merge.AsSpan(0, length);
    }

    /// <summary>Room for the keys of one candidate buffer (see <see cref="PartialTopK.CopyBest"/>).</summary>
    public Span<int> KeyScratch(int k)
    {
        var length = PartialTopK.CapacityFor(k);
        if (_keys.Length < length)
        {
            _keys = new int[length];
        }

        return _keys.AsSpan(0, length);
    }

    public void Dispose()
    {
        if (_scratch != null)
        {
            NativeMemory.AlignedFree(_scratch);
            _scratch = null;
        }
    }
}
