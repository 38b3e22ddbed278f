using System.Runtime.InteropServices;
using RsPipeline.Catalog;

namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>
/// The catalogue re-laid for the kernels: panels of <see cref="PanelWidth"/> items, each stored
/// d-major (coordinate j of the panel's 32 items is 32 contiguous floats), in 64-byte aligned native
/// memory. A Vector512 load then holds one coordinate of 16 items, so scores come out with items in
/// lanes. The last panel is padded with zero items, which the kernels never report.
/// </summary>
internal sealed unsafe class PackedCatalog : IDisposable
{
    public const int PanelWidth = 32;

    private float* _data;

    public PackedCatalog(ItemCatalog catalog)
    {
        Count = catalog.Count;
        Dimension = catalog.Dimension;
        PanelCount = (Count + PanelWidth - 1) / PanelWidth;
        PanelFloats = (long)Dimension * PanelWidth;
        SizeBytes = PanelCount * PanelFloats * sizeof(float);
        _data = (float*)NativeMemory.AlignedAlloc((nuint)SizeBytes, 64);
        NativeMemory.Clear(_data, (nuint)SizeBytes);
        Pack(catalog.Embeddings.Span);
    }

    public int Count { get; }

    public int Dimension { get; }

    public int PanelCount { get; }

    /// <summary>Floats per panel: d × 32.</summary>
    public long PanelFloats { get; }

    public long SizeBytes { get; }

    public float* Panel(int panel)
    {
        ObjectDisposedException.ThrowIf(_data == null, this);
        return _data + (panel * PanelFloats);
    }

    public void Dispose()
    {
        if (_data != null)
        {
            NativeMemory.AlignedFree(_data);
            _data = null;
        }
    }

    private void Pack(ReadOnlySpan<float> rows)
    {
        for (var item = 0; item < Count; item++)
        {
            var row = rows.Slice(item * Dimension, Dimension);
            var target = _data + ((item / PanelWidth) * PanelFloats) + (item % PanelWidth);
            for (var j = 0; j < Dimension; j++)
            {
                target[j * PanelWidth] = row[j];
            }
        }
    }
}
