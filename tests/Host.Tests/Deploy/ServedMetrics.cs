using Grpc.Core;
using RsPipeline.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using RsPipeline.Pipeline;
using RsPipeline.Protos.Rs;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Deploy;

/// <summary>
/// The metric names the server's /metrics serves (sample names, so histograms show as _bucket,
/// _sum and _count), after an answered, an invalid and a refused request so that every counter
/// has a series; plus the names the server is yet to serve and those of other exporters that the
/// dashboard and the alert rules read.
/// </summary>
public static class ServedMetrics
{
    /// <summary>Catalogue metrics the server is to export (version info, items, load duration and outcome). Once /metrics serves one, move it out of this list.</summary>
    public static readonly IReadOnlySet<string> Pending = new HashSet<string>(StringComparer.Ordinal)
    {
        "rspipeline_catalog_info", "rspipeline_catalog_items",
        "rspipeline_catalog_load_duration_seconds_bucket", "rspipeline_catalog_load_duration_seconds_sum", "rspipeline_catalog_load_duration_seconds_count",
    };

    /// <summary>Prometheus' own scrape health and kube-state-metrics' Deployment status.</summary>
    public static readonly IReadOnlySet<string> External = new HashSet<string>(StringComparer.Ordinal)
    {
        "up", "kube_deployment_spec_replicas", "kube_deployment_status_replicas_available",
    };

    private static readonly Lazy<Task<IReadOnlySet<string>>> LazyNames = new(ScrapeAsync);

    public static Task<IReadOnlySet<string>> NamesAsync() => LazyNames.Value;

    private static async Task<IReadOnlySet<string>> ScrapeAsync()
    {
        using var catalog = new TestCatalog();
        await using var server = await TestServer.StartAsync(TestServer.Arguments(catalog));
        await server.Seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(TestCatalog.Query(1)) }).ResponseAsync.DefaultTimeout();
        await Assert.ThrowsAsync<RpcException>(() => server.Seed.CallRsItemsAsync(new userRequest { Vector = "1,2,3" }).ResponseAsync.DefaultTimeout());
        // The services check limits before submitting; the pipeline's own admission check counts a refusal.
        var refused = server.App.Services.GetRequiredService<IRecallPipeline>().SubmitAsync(
            new RecallRequest { FeatureText = TestCatalog.ToText(TestCatalog.Query(2)), TopK = TestServer.MaxTopK + 1 });
        await Assert.ThrowsAsync<RecallException>(() => refused.DefaultTimeout());
        using var http = new HttpClient();
        var text = await http.GetStringAsync(RsPipelineServer.MetricsAddress(server.App)).DefaultTimeout();
        return text.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line[..line.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);
    }
}
