using System.Diagnostics.Metrics;
using RsPipeline.Catalog;

namespace RsPipeline.Pipeline.Telemetry;

/// <summary>The catalogue's instruments: what serves (observed), and how each load went (recorded).</summary>
public sealed partial class RsPipelineTelemetry
{
    private Func<ItemCatalog?>? _servingCatalog;

    /// <summary>Makes <paramref name="serving"/> (null before the first catalogue serves) the source of the catalogue gauges.</summary>
    public void ObserveCatalog(Func<ItemCatalog?> serving) => _servingCatalog = serving;

    /// <summary>Records one catalogue load (<see cref="CatalogLoadKinds"/>) that took <paramref name="duration"/>, load and warm-up.</summary>
    internal void CatalogLoaded(string kind, bool succeeded, TimeSpan duration) =>
        CatalogLoadDuration.Record(
            duration.TotalSeconds,
            new KeyValuePair<string, object?>(Attributes.CatalogLoadKind, kind),
            new KeyValuePair<string, object?>(Attributes.CatalogLoadOutcome, succeeded ? CatalogLoadOutcomes.Ok : CatalogLoadOutcomes.Failed));

    // Only the version serving is observed, so a replaced version's series ends with the swap.
    private IEnumerable<Measurement<int>> ObserveCatalogInfo() =>
        _servingCatalog?.Invoke() is { } catalog
            ? [new Measurement<int>(1, new KeyValuePair<string, object?>(Attributes.CatalogInfoVersion, catalog.Version))]
            : [];

    private IEnumerable<Measurement<int>> ObserveCatalogItems() =>
        _servingCatalog?.Invoke() is { } catalog ? [new Measurement<int>(catalog.Count)] : [];
}
