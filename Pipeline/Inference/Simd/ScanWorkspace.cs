using System.Runtime.InteropServices;

namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>One scanning thread's buffers, kept across calls: its running top-k, the kernels'
/// scratch area and the buffer it merges the threads' candidates in.</summary>
internal sealed unsafe class ScanWorkspace : IDisposable
{
    private float* _scratch = (float*)NativeMemory.AlignedAlloc(ScanContext.ScratchFloats * sizeof(float), 64);
    private ScoredItem[] _merge = [];

    public PartialTopK TopK { get; } = new();

    public ScanContext Context(PackedCatalog items) => new(items, TopK, _scratch);

    public Span<ScoredItem> MergeBuffer(int length)
    {
        if (_merge.Length < length)
        {
            _merge = new ScoredItem[length];
        }

        return _merge.AsSpan(0, length);
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
