namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>What a kernel needs besides the queries and the panel range: the items, this thread's
/// running top-k and a scratch area of 8 × 32 floats for scores that need a closer look.</summary>
internal readonly unsafe struct ScanContext(PackedCatalog items, PartialTopK topK, float* scratch)
{
    public const int ScratchFloats = 8 * PackedCatalog.PanelWidth;

    public PackedCatalog Items { get; } = items;

    public PartialTopK TopK { get; } = topK;

    public float* Scratch { get; } = scratch;
}
