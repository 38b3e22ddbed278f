namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>What an integer kernel needs besides a query block and its panel range: the codes and
/// row constants, the batch's query parameters, this thread's candidates and a scratch area of
/// 2 × 32 floats for the bounds of a panel with survivors.</summary>
internal readonly unsafe struct Int8ScanContext(Int8Catalog items, Int8Queries queries, CandidateBuffers candidates, float* scratch)
{
    public const int ScratchFloats = 2 * Int8Catalog.PanelWidth;

    public Int8Catalog Items { get; } = items;

    public Int8Queries Queries { get; } = queries;

    public CandidateBuffers Candidates { get; } = candidates;

    public float* Scratch { get; } = scratch;
}
