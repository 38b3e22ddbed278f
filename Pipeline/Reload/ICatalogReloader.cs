using RsPipeline.Pipeline.Inference;

namespace RsPipeline.Pipeline.Reload;

/// <summary>Loads a new catalogue (and user tower) beside the one serving and swaps it in without dropping a request.</summary>
public interface ICatalogReloader
{
    /// <summary>
    /// Loads, validates and warms up the catalogue the configuration (with <paramref name="changes"/>)
    /// describes, then serves it from the next batch on; the previous one is disposed once its last
    /// batch is scored. On failure the current catalogue keeps serving.
    /// </summary>
    /// <exception cref="CatalogReloadException">The reload was refused or failed; the message says why.</exception>
    Task<CatalogReloadResult> ReloadAsync(ScorerOverrides changes, CancellationToken cancellationToken);
}
