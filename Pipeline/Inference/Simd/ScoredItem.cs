using System.Runtime.CompilerServices;

namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>One candidate: an item and its score. Ordered best first: higher score, then lower index.</summary>
internal readonly record struct ScoredItem(float Score, int Index)
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsBetterThan(ScoredItem other) =>
        Score > other.Score || (Score == other.Score && Index < other.Index);
}

/// <summary>Sorts <see cref="ScoredItem"/> best first.</summary>
internal readonly struct BestFirst : IComparer<ScoredItem>
{
    public int Compare(ScoredItem x, ScoredItem y) =>
        x.IsBetterThan(y) ? -1 : y.IsBetterThan(x) ? 1 : 0;
}
