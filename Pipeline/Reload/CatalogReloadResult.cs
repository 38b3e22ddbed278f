namespace RsPipeline.Pipeline.Reload;

/// <summary>What a successful reload installed.</summary>
/// <param name="CatalogVersion">The version now serving.</param>
/// <param name="PreviousVersion">The version it replaced.</param>
/// <param name="ItemCount">Items in the new catalogue.</param>
/// <param name="Dimension">The new catalogue's embedding dimension d.</param>
/// <param name="InputDimension">Values a request vector carries (d, or F with a user tower).</param>
/// <param name="Elapsed">Load, validation, warm-up and swap, until the previous catalogue was released.</param>
public sealed record CatalogReloadResult(string CatalogVersion, string PreviousVersion, int ItemCount, int Dimension, int InputDimension, TimeSpan Elapsed);
