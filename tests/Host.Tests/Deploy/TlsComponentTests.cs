using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using RsPipeline.Host.Tests.Infrastructure;
using static RsPipeline.Host.Tests.Deploy.YamlDocuments;

namespace RsPipeline.Host.Tests.Deploy;

/// <summary>
/// deploy/k8s/tls, the kustomize Component that puts TLS on the gRPC port, agrees with the base
/// Deployment and with the server: the Secret's files where the server reads them, renewals not
/// frozen by subPath, probes on the cleartext probe port the server opens. Also the base's profile.
/// </summary>
public sealed class TlsComponentTests
{
    private static readonly string K8s = RepositoryRoot.Combine("deploy/k8s");
    private static readonly string Component = Path.Combine(K8s, "tls");

    private readonly JsonNode _patch = LoadSingle(Path.Combine(Component, "deployment-tls.yaml"));
    private readonly JsonNode _deployment = LoadSingle(Path.Combine(K8s, "deployment.yaml"));

    private JsonNode Container => Assert.Single(_patch["spec"]!["template"]!["spec"]!["containers"]!.AsArray())!;

    private Dictionary<string, string> Environment => Container["env"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]!.GetValue<string>());

    [Fact]
    public void Component_PatchesWithEveryFileInItsFolder()
    {
        var kustomization = LoadSingle(Path.Combine(Component, "kustomization.yaml"));
        var listed = kustomization["patches"]!.AsArray().Select(p => p!["path"]!.GetValue<string>());
        var present = Directory.EnumerateFiles(Component, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml");

        Assert.Equal("Component", kustomization["kind"]!.GetValue<string>());
        Assert.Equal(present.Order(), listed.Order());
    }

    [Fact]
    public void Patch_TargetsTheDeploymentAndItsContainer()
    {
        var container = Assert.Single(_deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray())!;

        Assert.Equal(_deployment["metadata"]!["name"]!.GetValue<string>(), _patch["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(container["name"]!.GetValue<string>(), Container["name"]!.GetValue<string>());
    }

    [Fact]
    public void CertificateAndKey_ReadFromTheWholeTlsSecret()
    {
        var volume = Assert.Single(_patch["spec"]!["template"]!["spec"]!["volumes"]!.AsArray())!;
        var mount = Assert.Single(Container["volumeMounts"]!.AsArray(), m => m!["name"]!.GetValue<string>() == volume["name"]!.GetValue<string>())!;
        var directory = mount["mountPath"]!.GetValue<string>();

        Assert.NotNull(volume["secret"]!["secretName"]);
        // A subPath mount is never updated: a renewed certificate would not reach the server.
        Assert.Null(mount["subPath"]);
        Assert.Equal("true", mount["readOnly"]!.GetValue<string>());
        // The keys of a kubernetes.io/tls Secret.
        Assert.Equal($"{directory}/tls.crt", Environment["Server__Tls__CertificatePath"]);
        Assert.Equal($"{directory}/tls.key", Environment["Server__Tls__KeyPath"]);
    }

    [Fact]
    public void EveryVariable_IsAKeyOfTheServer()
    {
        Assert.All(Environment.Keys, key => Assert.Contains(key.Replace("__", ":", StringComparison.Ordinal), ServerDefaults.Keys));
    }

    [Theory]
    [InlineData("startupProbe")]
    [InlineData("readinessProbe")]
    [InlineData("livenessProbe")]
    public void Probes_AskHealthOnTheCleartextProbePort(string probe)
    {
        var probePort = int.Parse(Environment["Server__Tls__ProbePort"], System.Globalization.CultureInfo.InvariantCulture);
        var declared = Container["ports"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "probe")!;

        Assert.Equal(probePort, Number(Container[probe]!["grpc"]!["port"]));
        Assert.Equal(probePort, Number(declared["containerPort"]));
        Assert.NotEqual(ServerDefaults.Port, probePort);
        Assert.NotEqual(ServerDefaults.MetricsPort, probePort);
    }

    [Fact]
    public void Deployment_RunsTheProductionProfile_WithoutReflection()
    {
        var container = Assert.Single(_deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray())!;
        var profile = container["env"]!.AsArray().Single(e => e!["name"]!.GetValue<string>() == "RSPIPELINE_PROFILE")!["value"]!.GetValue<string>();
        var settings = new ConfigurationBuilder().AddJsonFile(RepositoryRoot.Combine($"config/{profile}.json"), optional: false, reloadOnChange: false).Build();

        Assert.Equal("false", settings["Server:Reflection"], ignoreCase: true);
    }
}
