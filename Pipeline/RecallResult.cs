namespace RsPipeline.Pipeline;

/// <summary>The answer to one <see cref="RecallRequest"/>: item ids best first.</summary>
/// <param name="ItemIds">The top-k item ids, best first, exclusions removed.</param>
/// <param name="Scores">The score of each id, same order; null unless the request asked for scores.</param>
/// <param name="CatalogVersion">The version of the catalogue that produced the answer.</param>
public sealed record RecallResult(IReadOnlyList<string> ItemIds, IReadOnlyList<float>? Scores, string CatalogVersion);
