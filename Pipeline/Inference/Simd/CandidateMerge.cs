namespace RsPipeline.Pipeline.Inference.Simd;

/// <summary>Combines the threads' candidates for one query into the final, ordered answer.</summary>
internal static class CandidateMerge
{
    public static void Best(ScanWorkspace[] workspaces, int row, Span<ScoredItem> buffer, Span<int> indices, Span<float> scores)
    {
        var count = 0;
        foreach (var workspace in workspaces)
        {
            count += workspace.TopK.CopyCandidates(row, buffer[count..]);
        }

        var k = indices.Length;
        var all = buffer[..count];
        BestSelection.MoveBestToFront(all, k);
        var best = all[..k];
        best.Sort(default(BestFirst));
        for (var r = 0; r < k; r++)
        {
            indices[r] = best[r].Index;
            scores[r] = best[r].Score;
        }
    }
}
