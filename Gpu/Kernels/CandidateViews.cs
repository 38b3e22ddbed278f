using ILGPU;

namespace RsPipeline.Gpu.Kernels;

/// <summary>The collect pass's inputs and outputs: per-row thresholds, and per-row counts and candidate slots of the current row window.</summary>
internal readonly struct CandidateViews
{
    public CandidateViews(ArrayView<uint> thresholds, ArrayView<int> counts, ArrayView<float> scores, ArrayView<int> items)
    {
        Thresholds = thresholds;
        Counts = counts;
        Scores = scores;
        Items = items;
    }

    /// <summary>Per batch row: the key every candidate must reach.</summary>
    public readonly ArrayView<uint> Thresholds;

    /// <summary>Per window row: candidates found (may exceed the capacity).</summary>
    public readonly ArrayView<int> Counts;

    /// <summary>Window row × capacity: candidate scores.</summary>
    public readonly ArrayView<float> Scores;

    /// <summary>Window row × capacity: candidate item indices.</summary>
    public readonly ArrayView<int> Items;
}
