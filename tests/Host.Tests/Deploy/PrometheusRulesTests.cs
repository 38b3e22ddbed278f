using System.Globalization;
using System.Text.Json.Nodes;
using RsPipeline.Host.Tests.Infrastructure;

namespace RsPipeline.Host.Tests.Deploy;

/// <summary>deploy/prometheus: promtool checks and unit-tests the alert rules; they read only metrics that exist.</summary>
public sealed class PrometheusRulesTests
{
    private const string Package = "prometheus";
    private static readonly string Rules = RepositoryRoot.Combine("deploy/prometheus/rspipeline-rules.yaml");
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task PromtoolCheckRules_Succeeds()
    {
        var result = await PromtoolAsync("check", "rules", Rules);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("SUCCESS", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromtoolTestRules_EveryAlertFiresAndStaysQuietAsTested()
    {
        var result = await PromtoolAsync("test", "rules", RepositoryRoot.Combine("deploy/prometheus/rspipeline-rules.test.yaml"));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("SUCCESS", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void UnitTests_CoverEveryAlert()
    {
        var tested = YamlDocuments.LoadSingle(RepositoryRoot.Combine("deploy/prometheus/rspipeline-rules.test.yaml"))["tests"]!.AsArray()
            .SelectMany(test => test!["alert_rule_test"]?.AsArray() ?? [])
            .Where(alertTest => alertTest!["exp_alerts"]!.AsArray().Count > 0)
            .Select(alertTest => alertTest!["alertname"]!.GetValue<string>());

        Assert.Equal(AlertRules().Select(r => r["alert"]!.GetValue<string>()).Order(), tested.Distinct().Order());
    }

    [Fact]
    public void PrometheusRuleResource_CarriesTheSameGroups()
    {
        var operatorGroups = YamlDocuments.LoadSingle(RepositoryRoot.Combine("deploy/monitoring/prometheusrule.yaml"))["spec"]!["groups"]!;

        Assert.Equal(YamlDocuments.LoadSingle(Rules)["groups"]!.ToJsonString(), operatorGroups.ToJsonString());
    }

    [Fact]
    public void QueueAlert_ThresholdIsEightyPercentOfTheConfiguredCapacity()
    {
        var expression = AlertRules().Single(r => r["alert"]!.GetValue<string>() == "RsPipelineQueueNearCapacity")["expr"]!.GetValue<string>();

        Assert.EndsWith(string.Create(CultureInfo.InvariantCulture, $"> 0.8 * {ServerDefaults.QueueCapacity}"), expression.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void JobLabel_IsTheScrapedServicesName()
    {
        // The Prometheus Operator names a ServiceMonitor's job after the Service it scrapes.
        var service = YamlDocuments.LoadSingle(RepositoryRoot.Combine("deploy/k8s/service.yaml"))["metadata"]!["name"]!.GetValue<string>();
        var jobs = AlertRules().Select(r => r["expr"]!.GetValue<string>())
            .SelectMany(expression => System.Text.RegularExpressions.Regex.Matches(expression, "job=\"([^\"]*)\"").Select(m => m.Groups[1].Value));

        Assert.Null(YamlDocuments.LoadSingle(RepositoryRoot.Combine("deploy/monitoring/servicemonitor.yaml"))["spec"]!["jobLabel"]);
        Assert.All(jobs, job => Assert.Equal(service, job));
    }

    [Fact]
    public async Task Expressions_ReadOnlyMetricsThatExist()
    {
        var served = await ServedMetrics.NamesAsync();

        Assert.All(AlertRules(), rule => Assert.All(PromQlMetricNames.Of(rule["expr"]!.GetValue<string>()), name =>
            Assert.True(served.Contains(name) || ServedMetrics.External.Contains(name),
                $"{rule["alert"]}: {name} is neither served by /metrics nor a known external metric")));
    }

    private static IEnumerable<JsonNode> AlertRules() =>
        YamlDocuments.LoadSingle(Rules)["groups"]!.AsArray().SelectMany(group => group!["rules"]!.AsArray()).Select(rule => rule!);

    private static async Task<ProcessRunner.Result> PromtoolAsync(params string[] arguments) =>
        await ProcessRunner.RunAsync("promtool", arguments, Limit)
            ?? throw new Xunit.Sdk.XunitException($"promtool was not found: install the Debian package `{Package}` (.ci/run does)");
}
