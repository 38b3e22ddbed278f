using System.Runtime.InteropServices;

namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>One scanning thread's buffers, kept across calls: its candidates, the kernels' scratch
/// area, and the buffers it re-ranks queries in.</summary>
internal sealed unsafe class Int8Workspace : IDisposable
{
    private float* _scratch = (float*)NativeMemory.AlignedAlloc(Int8ScanContext.ScratchFloats * sizeof(float), 64);
    private float[] _lower = [];
    private int[] _keys = [];
    private ulong[] _ranked = [];

    public CandidateBuffers Candidates { get; } = new();

    public Int8ScanContext Context(Int8Catalog items, Int8Queries queries) => new(items, queries, Candidates, _scratch);

    public Span<float> LowerBuffer(int length) => Ensure(ref _lower, length);

    public Span<int> KeyBuffer(int length) => Ensure(ref _keys, length);

    public Span<ulong> RankBuffer(int length) => Ensure(ref _ranked, length);

    public void Dispose()
    {
        if (_scratch != null)
        {
            NativeMemory.AlignedFree(_scratch);
            _scratch = null;
        }
    }

    private static Span<T> Ensure<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new T[length];
        }

        return buffer.AsSpan(0, length);
    }
}
