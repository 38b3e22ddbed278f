namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>
/// A candidate as one 64-bit key whose ascending order is the result order: higher score first,
/// then lower index. Sorting plain ulongs needs no comparer (and allocates nothing).
/// </summary>
internal static class RankKey
{
    public static ulong Of(float score, int index)
    {
        // Flip the float key's order (~) and move it into unsigned order (^ sign bit).
        var descending = (uint)~KthLargest.KeyOf(score) ^ 0x8000_0000u;
        return ((ulong)descending << 32) | (uint)index;
    }

    public static int Index(ulong key) => (int)(uint)key;

    public static float Score(ulong key) =>
        KthLargest.ScoreOf(~(int)((uint)(key >> 32) ^ 0x8000_0000u));
}
