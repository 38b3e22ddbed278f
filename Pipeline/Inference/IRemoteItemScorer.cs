namespace RsPipeline.Pipeline.Inference;

/// <summary>
/// A scorer whose items are held elsewhere (the router's shards): <see cref="IItemScorer.Catalog"/>
/// only describes the catalogue (<see cref="Catalog.ItemCatalog.Remote"/>), and a batch's answer is
/// each row's best item ids with the version that produced them. The inference stage calls
/// <see cref="ScoreBatch"/>; <see cref="IItemScorer.ScoreTopK"/> serves warm-up and timing only.
/// </summary>
public interface IRemoteItemScorer : IItemScorer
{
    /// <summary>
    /// The best <paramref name="k"/> (fewer when the catalogue holds fewer) of each of <paramref name="rows"/> user vectors
    /// (row-major, <c>rows × InputDimension</c>), best first, equal scores in catalogue row order; the work
    /// must end by <paramref name="deadline"/> (UTC), the latest any of the batch's callers waits.
    /// </summary>
    /// <exception cref="RecallException">The batch cannot be answered whole (UNAVAILABLE naming the part that is missing, or DEADLINE_EXCEEDED).</exception>
    RemoteScores ScoreBatch(ReadOnlyMemory<float> queries, int rows, int k, DateTime deadline);
}

/// <summary>A remote scorer's answer to one batch.</summary>
/// <param name="Rows">One entry per query row, in order.</param>
/// <param name="CatalogVersion">The one catalogue version every part of the answer came from.</param>
public sealed record RemoteScores(IReadOnlyList<RemoteCandidates> Rows, string CatalogVersion);

/// <summary>One query's candidates from a remote scorer, best first.</summary>
/// <param name="ItemIds">Item ids.</param>
/// <param name="Scores">Their scores, same order.</param>
public sealed record RemoteCandidates(IReadOnlyList<string> ItemIds, IReadOnlyList<float> Scores);
