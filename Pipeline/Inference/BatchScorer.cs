
namespace RsPipeline.Pipeline.Inference;

/// <summary>
/// The inference stage's work on one batch: stack the live requests' vectors, one ScoreTopK call
/// for the whole batch with the largest k any of them needs (its top_k plus its exclusions, so k
/// results remain after excluding), and hand each request its own row of candidates. Buffers are
/// reused across batches; the stage runs one batch at a time.
/// </summary>
internal sealed class BatchScorer
{
    private float[] _queries = [];
    private int[] _indices = [];
    private float[] _scores = [];

    /// <summary>Scores <paramref name="live"/> (all of them still wanted) with <paramref name="scorer"/> and sets each one's candidates.</summary>
    public void Score(IItemScorer scorer, IReadOnlyList<RecallWorkItem> live)
    {
        var catalog = scorer.Catalog;
        var dimension = scorer.InputDimension;
        var rows = live.Count;
        var k = 0;
        foreach (var item in live)
        {
            k = Math.Max(k, CandidatesWanted(item, catalog.Count));
        }

        var queries = Rent(ref _queries, rows * dimension);
        var indices = Rent(ref _indices, rows * k);
        var scores = Rent(ref _scores, rows * k);
        for (var r = 0; r < rows; r++)
        {
            live[r].Vector.AsSpan(0, dimension).CopyTo(queries.AsSpan(r * dimension, dimension));
        }

        if (scorer is IRemoteItemScorer remote)
        {
            SetRemote(remote.ScoreBatch(queries.AsMemory(0, rows * dimension), rows, k, LatestDeadline(live)), live);
            return;
        }

        scorer.ScoreTopK(queries.AsSpan(0, rows * dimension), rows, k, indices, scores);

        for (var r = 0; r < rows; r++)
        {
            var wanted = CandidatesWanted(live[r], catalog.Count);
            live[r].Candidates = new ScoredCandidates(
                indices.AsSpan(r * k, wanted).ToArray(),
                scores.AsSpan(r * k, wanted).ToArray(),
                catalog);
        }
    }

    // The remote call serves every caller of the batch: it may run until the last of them stops waiting.
    private static DateTime LatestDeadline(IReadOnlyList<RecallWorkItem> live)
    {
        var latest = DateTime.MinValue;
        foreach (var item in live)
        {
            var deadline = item.Request.Deadline ?? DateTime.MaxValue;
            latest = deadline > latest ? deadline : latest;
        }

        return latest;
    }

    private static void SetRemote(RemoteScores answer, IReadOnlyList<RecallWorkItem> live)
    {
        for (var r = 0; r < live.Count; r++)
        {
            var row = answer.Rows[r];
            var wanted = Math.Min(row.ItemIds.Count, (int)Math.Min((long)live[r].TopK + live[r].Request.ExcludedItemIds.Count, int.MaxValue));
            live[r].Candidates = new ScoredCandidates(
                Enumerable.Range(0, wanted).ToArray(),
                row.Scores.Take(wanted).ToArray(),
                row.ItemIds,
                answer.CatalogVersion);
        }
    }

    private static int CandidatesWanted(RecallWorkItem item, int itemCount) =>
        (int)Math.Min((long)item.TopK + item.Request.ExcludedItemIds.Count, itemCount);

    private static T[] Rent<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new T[length];
        }

        return buffer;
    }
}
