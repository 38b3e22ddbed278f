namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>Combines the threads' partial top-k of one query into the final, ordered answer.</summary>
internal static class CandidateMerge
{
    public static void Best(ScanWorkspace[] workspaces, int row, Span<ScoredItem> buffer, Span<int> indices, Span<float> scores)
    {
        var count = 0;
        foreach (var workspace in workspaces)
        {
            var candidates = workspace.TopK.Candidates(row);
            candidates.CopyTo(buffer[count..]);
            count += candidates.Length;
        }

        var all = buffer[..count];
        all.Sort(default(BestFirst));
        for (var r = 0; r < indices.Length; r++)
        {
            indices[r] = all[r].Index;
            scores[r] = all[r].Score;
        }
    }
}
