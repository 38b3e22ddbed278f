namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>Combines the threads' candidates for one query into the final, ordered answer.</summary>
internal static class CandidateMerge
{
    /// <param name="workspaces">The workspaces holding the query's candidates; each query is merged by one thread only.</param>
    /// <param name="row">The query.</param>
    /// <param name="own">The merging thread's workspace, for scratch space.</param>
    /// <param name="indices">Receives the best k item indices, best first.</param>
    /// <param name="scores">Receives their scores.</param>
    public static void Best(ReadOnlySpan<ScanWorkspace> workspaces, int row, ScanWorkspace own, Span<int> indices, Span<float> scores)
    {
        var k = indices.Length;
        var buffer = own.MergeBuffer(workspaces.Length * k);
        var count = 0;
        foreach (var workspace in workspaces)
        {
            count += workspace.TopK.CopyBest(row, buffer[count..], own.KeyScratch(k));
        }

        var all = buffer[..count];
        all.Sort();
        for (var r = 0; r < k; r++)
        {
            indices[r] = RankKey.Index(all[r]);
            scores[r] = RankKey.Score(all[r]);
        }
    }
}
