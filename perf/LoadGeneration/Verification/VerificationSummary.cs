namespace RsPipeline.LoadGeneration.Verification;

/// <summary>How the sampled replies compared with the reference: counts, and the first few failures.</summary>
public sealed record VerificationSummary(int Checked, int Failed, IReadOnlyList<string> FirstFailures)
{
    /// <summary>Nothing was checked (verification off).</summary>
    public static VerificationSummary None { get; } = new(0, 0, []);

    /// <summary>True when every checked reply was correct.</summary>
    public bool Passed => Failed == 0;

    /// <summary>Checks every reply in parallel (after the measured run, so it takes no CPU from the server during it).</summary>
    public static VerificationSummary Verify(ReferenceCatalog catalog, QuerySet queries, IReadOnlyCollection<CapturedReply> replies, int k)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(replies);
        var outcomes = new string?[replies.Count];
        var list = replies.ToArray();
        Parallel.For(0, list.Length, i =>
            outcomes[i] = TopKCheck.Check(catalog, queries.Vector(list[i].Query), list[i].ItemIds, k) is { } problem ? $"query {list[i].Query}: {problem}" : null);
        var failures = outcomes.Where(o => o is not null).Select(o => o!).ToArray();
        return new VerificationSummary(list.Length, failures.Length, [.. failures.Take(5)]);
    }
}
