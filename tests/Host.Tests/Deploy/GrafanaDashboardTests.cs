using System.Text.Json.Nodes;
using RsPipeline.Host.Tests.Infrastructure;

namespace RsPipeline.Host.Tests.Deploy;

/// <summary>deploy/grafana: an importable dashboard whose every query reads metrics the server serves.</summary>
public sealed class GrafanaDashboardTests
{
    private readonly JsonNode _dashboard = JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("deploy/grafana/rspipeline-dashboard.json")))!;

    private IEnumerable<JsonNode> Panels => _dashboard["panels"]!.AsArray().Select(p => p!).Where(p => p["type"]!.GetValue<string>() != "row");

    [Fact]
    public async Task EveryQuery_ReadsMetricsTheServerServes()
    {
        var served = await ServedMetrics.NamesAsync();
        var queries = Panels.SelectMany(p => p["targets"]!.AsArray().Select(t => (Panel: p["title"]!.GetValue<string>(), Names: PromQlMetricNames.Of(t!["expr"]!.GetValue<string>()))))
            .Concat(Variables().Select(v => (Panel: "variable " + v.Name, Names: PromQlMetricNames.OfLabelValues(v.Query))))
            .ToArray();

        Assert.All(queries, query =>
        {
            Assert.NotEmpty(query.Names);
            Assert.All(query.Names, name => Assert.True(served.Contains(name), $"{query.Panel}: {name} is not served by /metrics"));
        });
    }

    [Fact]
    public void Panels_CoverWhatOperatorsWatch()
    {
        var expressions = string.Join('\n', Panels.SelectMany(p => p["targets"]!.AsArray().Select(t => t!["expr"]!.GetValue<string>())));

        Assert.All(
            ["rspipeline_requests_total", "rspipeline_request_duration_seconds_bucket", "rspipeline_batch_size_bucket", "rspipeline_queue_depth",
             "rspipeline_request_queue_wait_seconds_bucket", "rspipeline_batch_inference_duration_seconds_bucket", "rspipeline_requests_refused_total",
             "rspipeline_catalog_info", "rspipeline_catalog_items", "rspipeline_catalog_load_duration_seconds_count", "dotnet_gc_collections_total", "dotnet_thread_pool_thread_count_total"],
            name => Assert.Contains(name, expressions, StringComparison.Ordinal));
        Assert.Contains("histogram_quantile(0.99", expressions, StringComparison.Ordinal);
    }

    [Fact]
    public void Panels_UseTheDataSourceVariable_AndHaveUniqueIdsAndPlaces()
    {
        Assert.All(Panels, p => Assert.Equal("${datasource}", p["datasource"]!["uid"]!.GetValue<string>()));
        var all = _dashboard["panels"]!.AsArray().Select(p => p!).ToArray();
        Assert.Equal(all.Length, all.Select(p => p["id"]!.GetValue<int>()).Distinct().Count());
        Assert.All(all, p => Assert.InRange(p["gridPos"]!["x"]!.GetValue<int>() + p["gridPos"]!["w"]!.GetValue<int>(), 1, 24));
        Assert.Equal(all.Length, all.Select(p => (p["gridPos"]!["x"]!.GetValue<int>(), p["gridPos"]!["y"]!.GetValue<int>())).Distinct().Count());
    }

    private IEnumerable<(string Name, string Query)> Variables() =>
        _dashboard["templating"]!["list"]!.AsArray()
            .Where(v => v!["type"]!.GetValue<string>() == "query")
            .Select(v => (v!["name"]!.GetValue<string>(), v["query"]!["query"]!.GetValue<string>()));
}
