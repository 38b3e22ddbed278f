namespace RsPipeline.Pipeline.Responding;

/// <summary>The respond stage's work: drop excluded ids, keep the best k, map rows to item ids.</summary>
internal static class ResponseBuilder
{
    // Below this many exclusions a linear scan beats building a set.
    private const int ExclusionSetThreshold = 8;

    /// <summary>Builds the reply for <paramref name="item"/> from its scored candidates.</summary>
    public static RecallResult Build(RecallWorkItem item)
    {
        var candidates = item.Candidates ?? throw new InvalidOperationException("request reached the respond stage unscored");
        var request = item.Request;
        var excluded = request.ExcludedItemIds;
        var excludedSet = excluded.Count > ExclusionSetThreshold ? excluded as ISet<string> ?? new HashSet<string>(excluded, StringComparer.Ordinal) : null;
        var ids = new List<string>(item.TopK);
        var scores = request.IncludeScores ? new List<float>(item.TopK) : null;
        var catalogIds = candidates.ItemIds;
        for (var i = 0; i < candidates.Indices.Length && ids.Count < item.TopK; i++)
        {
            var id = catalogIds[candidates.Indices[i]];
            // Stryker disable once Equality : with no exclusions the scan finds nothing either; the count check only skips it
            if (excluded.Count > 0 && (excludedSet?.Contains(id) ?? excluded.Contains(id, StringComparer.Ordinal)))
            {
                continue;
            }

            ids.Add(id);
            scores?.Add(candidates.Scores[i]);
        }

        return new RecallResult(ids, scores, candidates.Version);
    }
}
