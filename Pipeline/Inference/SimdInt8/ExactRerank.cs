using RsPipeline.Pipeline.Inference.Simd;

namespace RsPipeline.Pipeline.Inference.SimdInt8;

/// <summary>
/// The second pass for one query: the final τ is the k-th largest lower bound over every thread's
/// candidates (which hold every row with L ≥ τ); the candidates whose upper bound reaches it are
/// scored in fp32 from the original rows and the best k taken as <see cref="RankKey"/>s (equal
/// scores by lower index). A query the bound cannot separate is scored over all rows.
/// </summary>
internal static unsafe class ExactRerank
{
    /// <param name="workspaces">Every scanning thread's workspace (their candidates for <paramref name="row"/>).</param>
    /// <param name="own">The re-ranking thread's workspace, for its buffers.</param>
    /// <param name="row">The query.</param>
    /// <param name="exhaustive">Whether the query was marked exhaustive when it was quantized.</param>
    /// <param name="args">Its vector, the rows, k and the outputs.</param>
    /// <returns>How many rows were scored in fp32.</returns>
    public static int Best(ReadOnlySpan<Int8Workspace> workspaces, Int8Workspace own, int row, bool exhaustive, in RerankArguments args)
    {
        var total = 0;
        foreach (var workspace in workspaces)
        {
            exhaustive |= workspace.Candidates.IsExhaustive(row);
            total += workspace.Candidates.Count(row);
        }

        if (exhaustive)
        {
            AllRows(own, args);
            return args.Count;
        }

        var lower = own.LowerBuffer(total);
        var filled = 0;
        foreach (var workspace in workspaces)
        {
            workspace.Candidates.Lower(row).CopyTo(lower[filled..]);
            filled += workspace.Candidates.Count(row);
        }

        var threshold = KthLargest.ScoreOf(KthLargest.Key(lower, own.KeyBuffer(total), args.K));
        var ranked = own.RankBuffer(total);
        var count = 0;
        foreach (var workspace in workspaces)
        {
            var candidates = workspace.Candidates;
            var upper = candidates.Upper(row);
            var indices = candidates.Indices(row);
            for (var i = 0; i < upper.Length; i++)
            {
                if (!(upper[i] < threshold))
                {
                    ranked[count++] = RankKey.Of(args.Score(indices[i]), indices[i]);
                }
            }
        }

        Write(ranked[..count], args);
        return count;
    }

    // Every row in fp32, cut back to the best k whenever the buffer fills.
    private static void AllRows(Int8Workspace own, in RerankArguments args)
    {
        var capacity = PartialTopK.CapacityFor(args.K);
        var ranked = own.RankBuffer(capacity);
        var count = 0;
        for (var item = 0; item < args.Count; item++)
        {
            ranked[count++] = RankKey.Of(args.Score(item), item);
            if (count == capacity)
            {
                ranked.Sort();
                count = args.K;
            }
        }

        Write(ranked[..count], args);
    }

    private static void Write(Span<ulong> ranked, in RerankArguments args)
    {
        ranked.Sort();
        for (var r = 0; r < args.K; r++)
        {
            args.Indices[r] = RankKey.Index(ranked[r]);
            args.Scores[r] = RankKey.Score(ranked[r]);
        }
    }
}

/// <summary>One query's re-rank: its fp32 vector, the fp32 rows, k, and where the answer goes.</summary>
internal readonly unsafe struct RerankArguments(float* query, float* items, int count, int dimension, int k, int* indices, float* scores)
{
    public int Count { get; } = count;

    public int K { get; } = k;

    public int* Indices { get; } = indices;

    public float* Scores { get; } = scores;

    public float Score(int item) => ExactDot.Of(query, items + ((long)item * dimension), dimension);
}
