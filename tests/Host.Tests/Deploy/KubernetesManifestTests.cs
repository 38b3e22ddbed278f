using System.Text.Json.Nodes;
using RsPipeline.Host.Health;
using RsPipeline.Host.Tests.Infrastructure;
using static RsPipeline.Host.Tests.Deploy.YamlDocuments;

namespace RsPipeline.Host.Tests.Deploy;

/// <summary>
/// The manifests under deploy/ agree with the server's own defaults (config/appsettings.json) and
/// with each other, so that a change on either side cannot drift unnoticed. Schema validation is
/// ManifestValidationTests'.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string K8s = RepositoryRoot.Combine("deploy/k8s");
    private static readonly string Monitoring = RepositoryRoot.Combine("deploy/monitoring");

    private readonly JsonNode _deployment = LoadSingle(Path.Combine(K8s, "deployment.yaml"));

    private JsonNode PodSpec => _deployment["spec"]!["template"]!["spec"]!;

    private JsonNode Container => Assert.Single(PodSpec["containers"]!.AsArray())!;

    [Theory]
    [InlineData("deploy/k8s")]
    [InlineData("deploy/k8s-sharded")]
    [InlineData("deploy/monitoring")]
    public void Kustomization_ListsEveryManifestInItsFolder(string folder)
    {
        var directory = RepositoryRoot.Combine(folder);
        var listed = LoadSingle(Path.Combine(directory, "kustomization.yaml"))["resources"]!.AsArray().Select(r => r!.GetValue<string>());
        var present = Directory.EnumerateFiles(directory, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml");

        Assert.Equal(present.Order(), listed.Order());
    }

    [Fact]
    public void ContainerPorts_AreTheServersDefaults()
    {
        Assert.Equal(ServerDefaults.Port, ContainerPort("grpc"));
        Assert.Equal(ServerDefaults.MetricsPort, ContainerPort("metrics"));
    }

    [Theory]
    [InlineData("startupProbe")]
    [InlineData("readinessProbe")]
    public void StartupAndReadinessProbes_AskReadinessOnTheGrpcPort(string probe)
    {
        var grpc = Container[probe]!["grpc"]!;

        Assert.Equal(ServerDefaults.Port, Number(grpc["port"]));
        // No service: grpc.health.v1 service "", the server as a whole, which reports readiness.
        Assert.Null(grpc["service"]);
        Assert.Contains(string.Empty, PipelineHealthReporter.ServiceNames);
    }

    [Fact]
    public void LivenessProbe_AsksTheServersLivenessServiceOnTheGrpcPort()
    {
        var grpc = Container["livenessProbe"]!["grpc"]!;

        Assert.Equal(ServerDefaults.Port, Number(grpc["port"]));
        Assert.Equal(PipelineHealthReporter.LivenessServiceName, grpc["service"]!.GetValue<string>());
        Assert.DoesNotContain(PipelineHealthReporter.LivenessServiceName, PipelineHealthReporter.ServiceNames);
    }

    [Fact]
    public void StartupProbe_LeavesMinutesForTheCatalogue_ReadinessReactsWithinSeconds()
    {
        var startup = Container["startupProbe"]!;
        var readiness = Container["readinessProbe"]!;

        Assert.InRange(Number(startup["periodSeconds"]) * Number(startup["failureThreshold"]), 120, 1800);
        Assert.InRange(Number(readiness["periodSeconds"]) * Number(readiness["failureThreshold"]), 1, 15);
    }

    [Fact]
    public void TerminationGracePeriod_CoversDrainDelayAndShutdownTimeout()
    {
        var config = LoadSingle(Path.Combine(K8s, "configmap.yaml"))["data"]!;
        var shutdown = config["Server__ShutdownTimeout"] is { } timeout ? TimeSpan.Parse(timeout.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) : ServerDefaults.ShutdownTimeout;
        var drainDelay = config["Server__DrainDelay"] is { } delay ? TimeSpan.Parse(delay.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) : ServerDefaults.DrainDelay;
        var grace = TimeSpan.FromSeconds(Number(PodSpec["terminationGracePeriodSeconds"]));

        Assert.True(grace > drainDelay + shutdown, $"terminationGracePeriodSeconds {grace} must exceed drain delay {drainDelay} + shutdown timeout {shutdown}");
    }

    [Fact]
    public void ConfigMap_EveryKeyIsTheServersOwn()
    {
        var data = LoadSingle(Path.Combine(K8s, "configmap.yaml"))["data"]!.AsObject();

        Assert.All(data.Select(pair => pair.Key), key =>
        {
            var configurationKey = key.Replace("__", ":", StringComparison.Ordinal);
            // ASP.NET Core's console logger options (the JSON formatter) are the framework's, not in appsettings.json.
            Assert.True(
                ServerDefaults.Keys.Contains(configurationKey) || configurationKey.StartsWith("Logging:Console:", StringComparison.Ordinal),
                $"{key} ({configurationKey}) is not a key of config/appsettings.json");
        });
    }

    [Fact]
    public void Catalogue_ReadFromTheReadOnlyCatalogueVolume()
    {
        var path = LoadSingle(Path.Combine(K8s, "configmap.yaml"))["data"]!["Catalog__EmbeddingsPath"]!.GetValue<string>();
        var mount = Container["volumeMounts"]!.AsArray().Single(m => path.StartsWith(m!["mountPath"]!.GetValue<string>() + "/", StringComparison.Ordinal))!;
        var volume = PodSpec["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == mount["name"]!.GetValue<string>())!;
        var claim = LoadSingle(Path.Combine(K8s, "catalog-pvc.yaml"));

        Assert.Equal("true", mount["readOnly"]!.GetValue<string>());
        Assert.Equal(claim["metadata"]!["name"]!.GetValue<string>(), volume["persistentVolumeClaim"]!["claimName"]!.GetValue<string>());
    }

    [Fact]
    public void ReadOnlyRoot_NonRoot_WritableTmpDirWhereTheImageSaysTmpDir()
    {
        var tmpDir = DockerfileInstructions.Read(RepositoryRoot.Combine("Dockerfile")).FinalEnvironment["TMPDIR"];
        var mount = Container["volumeMounts"]!.AsArray().Single(m => m!["mountPath"]!.GetValue<string>() == tmpDir)!;
        var volume = PodSpec["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == mount["name"]!.GetValue<string>())!;

        Assert.Equal("true", Container["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<string>());
        Assert.Equal("true", PodSpec["securityContext"]!["runAsNonRoot"]!.GetValue<string>());
        Assert.NotNull(volume["emptyDir"]);
    }

    [Theory]
    [InlineData("service.yaml", new[] { "grpc", "metrics" })]
    [InlineData("service-headless.yaml", new[] { "grpc" })]
    public void Services_SelectThePods_OnTheirNamedPorts(string file, string[] names)
    {
        var service = LoadSingle(Path.Combine(K8s, file));
        var ports = service["spec"]!["ports"]!.AsArray();

        Assert.True(Selects(service["spec"]!["selector"]!, PodLabels), $"{file} selects no pod of the Deployment");
        Assert.Equal(names, ports.Select(p => p!["name"]!.GetValue<string>()));
        Assert.All(ports, port =>
        {
            Assert.Equal(port!["name"]!.GetValue<string>(), port["targetPort"]!.GetValue<string>());
            Assert.Equal(ContainerPort(port["name"]!.GetValue<string>()), Number(port["port"]));
        });
    }

    [Fact]
    public void HeadlessService_HasNoClusterIp()
    {
        Assert.Equal("None", LoadSingle(Path.Combine(K8s, "service-headless.yaml"))["spec"]!["clusterIP"]!.GetValue<string>());
    }

    [Fact]
    public void ServiceMonitor_ScrapesTheClusterIpServiceOnly_AtTheMetricsPath()
    {
        var monitor = LoadSingle(Path.Combine(Monitoring, "servicemonitor.yaml"));
        var selector = monitor["spec"]!["selector"]!["matchLabels"]!;
        var endpoint = Assert.Single(monitor["spec"]!["endpoints"]!.AsArray())!;
        var clusterIp = LoadSingle(Path.Combine(K8s, "service.yaml"));

        Assert.True(Selects(selector, clusterIp["metadata"]!["labels"]!));
        Assert.False(Selects(selector, LoadSingle(Path.Combine(K8s, "service-headless.yaml"))["metadata"]!["labels"]!), "the headless Service would be scraped twice");
        Assert.Contains(endpoint["port"]!.GetValue<string>(), clusterIp["spec"]!["ports"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.Equal(RsPipeline.Host.Telemetry.TelemetryOptions.MetricsPath, endpoint["path"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("pdb.yaml")]
    [InlineData("deployment.yaml")]
    public void Selectors_MatchThePodTemplate(string file)
    {
        Assert.True(Selects(LoadSingle(Path.Combine(K8s, file))["spec"]!["selector"]!["matchLabels"]!, PodLabels));
    }

    [Fact]
    public void Autoscaler_ScalesTheDeployment()
    {
        var target = LoadSingle(Path.Combine(K8s, "hpa.yaml"))["spec"]!["scaleTargetRef"]!;

        Assert.Equal("Deployment", target["kind"]!.GetValue<string>());
        Assert.Equal(_deployment["metadata"]!["name"]!.GetValue<string>(), target["name"]!.GetValue<string>());
    }

    private JsonNode PodLabels => _deployment["spec"]!["template"]!["metadata"]!["labels"]!;

    private int ContainerPort(string name) =>
        Number(Container["ports"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!["containerPort"]);

    private static bool Selects(JsonNode selector, JsonNode labels) =>
        selector.AsObject().All(pair => labels[pair.Key]?.GetValue<string>() == pair.Value!.GetValue<string>());
}
