using System.Text.RegularExpressions;
using RsPipeline.Host.Tests.Infrastructure;

namespace RsPipeline.Host.Tests.Deploy;

/// <summary>
/// The catalogue metrics on /metrics carry the names, labels and values the dashboard and the alert rules select on.
/// The start-load count is checked as positive, not as exactly one: the exporter listens to every meter named
/// "RsPipeline" in the process, so a test server starting in parallel in this test process adds its own start load
/// to the scrape. Exactly one record per load is pinned by CatalogMetricsTests, on the meter instance.
/// </summary>
public sealed partial class ServedCatalogueMetricsTests
{
    [Fact]
    public async Task CatalogueInfoItemsAndStartLoad_ServedWithTheirLabels()
    {
        var lines = (await ServedMetrics.TextAsync()).Split('\n').Where(line => line.StartsWith("rspipeline_catalog_", StringComparison.Ordinal)).ToArray();
        var served = string.Join('\n', lines);

        Assert.True(lines.Any(line => InfoLine().IsMatch(line)), served);
        Assert.True(lines.Any(line => ItemsLine().Match(line) is { Success: true } match && match.Groups["items"].Value == $"{TestCatalog.Count}"), served);
        Assert.True(
            lines.Any(line => line.StartsWith("rspipeline_catalog_load_duration_seconds_count{", StringComparison.Ordinal)
                && line.Contains("rspipeline_catalog_load_kind=\"start\"", StringComparison.Ordinal)
                && line.Contains("rspipeline_catalog_load_outcome=\"ok\"", StringComparison.Ordinal)
                && PositiveCount().IsMatch(line)),
            served);
    }

    [GeneratedRegex("""^rspipeline_catalog_info\{([^}]*,)?version="[^"]+"[^}]*\} 1( \d+)?$""")]
    private static partial Regex InfoLine();

    [GeneratedRegex("""^rspipeline_catalog_items(\{[^}]*\})? (?<items>\d+)( \d+)?$""")]
    private static partial Regex ItemsLine();

    [GeneratedRegex("""\} [1-9]\d*( \d+)?$""")]
    private static partial Regex PositiveCount();
}
