using Grpc.Core;
using RsPipeline.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using RsPipeline.Pipeline;
using RsPipeline.Protos.Rs;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Deploy;

/// <summary>
/// What the server's /metrics serves after an answered, an invalid and a refused request (so that
/// every counter has a series): its text, and its metric names (sample names, so histograms show as
/// _bucket, _sum and _count); plus the names of other exporters that the dashboard and the alert rules read.
/// </summary>
public static class ServedMetrics
{
    /// <summary>Prometheus' own scrape health and kube-state-metrics' Deployment status.</summary>
    public static readonly IReadOnlySet<string> External = new HashSet<string>(StringComparer.Ordinal)
    {
        "up", "kube_deployment_spec_replicas", "kube_deployment_status_replicas_available",
    };

    private static readonly Lazy<Task<string>> LazyText = new(ScrapeAsync);

    /// <summary>The exposition text of one scrape.</summary>
    public static Task<string> TextAsync() => LazyText.Value;

    public static async Task<IReadOnlySet<string>> NamesAsync() =>
        (await TextAsync()).Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line[..line.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);

    private static async Task<string> ScrapeAsync()
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
        return await http.GetStringAsync(RsPipelineServer.MetricsAddress(server.App)).DefaultTimeout();
    }
}
