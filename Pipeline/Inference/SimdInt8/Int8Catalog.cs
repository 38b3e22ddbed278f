using System.Runtime.InteropServices;
using RsPipeline.Catalog;
using RsPipeline.Pipeline.Inference.Simd;

namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>
/// The catalogue as 8-bit codes for the integer kernels, beside the per-row constants the bound
/// needs. Rows are cut into panels of <see cref="PanelWidth"/> items; within a panel, each group
/// of 4 coordinates is 128 bytes: item t's 4 codes (offset by 128, as unsigned bytes) at bytes
/// 4t .. 4t + 3. One 512-bit load then feeds VPMADDUBSW 16 items × 4 coordinates and yields one
/// int32 per item. d is padded to a multiple of 4 and the last panel with zero items (code 0,
/// scale 0), which the kernels never report. The float32 rows stay in the <see cref="ItemCatalog"/>
/// for the exact re-rank.
/// </summary>
internal sealed unsafe class Int8Catalog : IDisposable
{
    public const int PanelWidth = PackedCatalog.PanelWidth;
    public const int GroupWidth = 4;
    public const int GroupBytes = GroupWidth * PanelWidth;

    private byte* _codes;

    public Int8Catalog(ItemCatalog catalog)
    {
        Count = catalog.Count;
        Dimension = catalog.Dimension;
        Groups = (Dimension + GroupWidth - 1) / GroupWidth;
        PanelCount = (Count + PanelWidth - 1) / PanelWidth;
        PanelBytes = (long)Groups * GroupBytes;
        var padded = PanelCount * PanelWidth;
        Scales = new float[padded];
        Residuals = new float[padded];
        Norms = new float[padded];
        CodeBytes = PanelCount * PanelBytes;
        _codes = (byte*)NativeMemory.AlignedAlloc((nuint)CodeBytes, 64);
        NativeMemory.Fill(_codes, (nuint)CodeBytes, Quantizer.ItemCodeOffset);

        Pack(catalog);
    }

    public int Count { get; }

    public int Dimension { get; }

    /// <summary>Groups of 4 coordinates per item: ⌈d / 4⌉.</summary>
    public int Groups { get; }

    public int PanelCount { get; }

    public long PanelBytes { get; }

    public long CodeBytes { get; }

    /// <summary>Bytes this copy holds: the codes and three floats per item.</summary>
    public long SizeBytes => CodeBytes + (3L * Scales.Length * sizeof(float));

    /// <summary>s_x per item (0 for a zero row and for padding).</summary>
    public float[] Scales { get; }

    /// <summary>ρ_x plus the scaling roundings per item (<see cref="ErrorBound.RowResidual"/>).</summary>
    public float[] Residuals { get; }

    /// <summary>‖x‖₁ per item, rounded up.</summary>
    public float[] Norms { get; }

    /// <summary>Largest of <see cref="Scales"/>, <see cref="Residuals"/> and <see cref="Norms"/>: bounds a query's scores, to detect float32 overflow.</summary>
    public (float Scale, float Residual, float Norm) Largest { get; private set; }

    public byte* Panel(int panel)
    {
        ObjectDisposedException.ThrowIf(_codes == null, this);
        return _codes + (panel * PanelBytes);
    }

    public void Dispose()
    {
        if (_codes != null)
        {
            NativeMemory.AlignedFree(_codes);
            _codes = null;
        }
    }

    private void Pack(ItemCatalog catalog)
    {
        Span<sbyte> codes = stackalloc sbyte[Dimension];
        var largest = (Scale: 0f, Residual: 0f, Norm: 0f);
        for (var item = 0; item < Count; item++)
        {
            var row = catalog.Row(item);
            var (scale, residual, _) = Quantizer.Quantize(row, codes, Quantizer.MaxItemCode);
            var l1 = 0.0;
            foreach (var v in row)
            {
                l1 += Math.Abs(v);
            }

            Scales[item] = scale;
            Residuals[item] = ErrorBound.RowResidual(residual, scale);

            // The double sum of d ≤ 2¹⁶ terms is within d·2⁻⁵³ relative: 2⁻³⁰ covers it.
            Norms[item] = ErrorBound.RoundUp(l1 * (1 + Math.ScaleB(1.0, -30)));
            largest = (Math.Max(largest.Scale, scale), Math.Max(largest.Residual, Residuals[item]), Math.Max(largest.Norm, Norms[item]));
            var panel = Panel(item / PanelWidth) + (item % PanelWidth * GroupWidth);
            for (var j = 0; j < Dimension; j++)
            {
                panel[((j / GroupWidth) * GroupBytes) + (j % GroupWidth)] = (byte)(codes[j] + Quantizer.ItemCodeOffset);
            }
        }

        Largest = largest;
    }
}
