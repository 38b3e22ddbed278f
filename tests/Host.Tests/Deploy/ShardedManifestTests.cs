using System.Globalization;
using System.Text.Json.Nodes;
using RsPipeline.Host.Tests.Infrastructure;
using static RsPipeline.Host.Tests.Deploy.YamlDocuments;

namespace RsPipeline.Host.Tests.Deploy;

/// <summary>
/// deploy/k8s-sharded agrees with itself and with the server: every shard group is its own
/// Deployment (its Catalog__Shard__Index) behind its own headless Service, the routers name every
/// group's Service, and the shard count is the number of groups. Schema validation is ManifestValidationTests'.
/// </summary>
public sealed class ShardedManifestTests
{
    private static readonly string Folder = RepositoryRoot.Combine("deploy/k8s-sharded");

    private static string[] ShardDeployments => Directory.EnumerateFiles(Folder, "shard-*-deployment.yaml").Order().ToArray();

    [Fact]
    public void ShardCount_IsTheNumberOfShardGroups_EachWithItsOwnIndex()
    {
        var count = int.Parse(Data("shard-configmap.yaml")["Catalog__Shard__Count"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var indices = ShardDeployments.Select(file => Env(LoadSingle(file), "Catalog__Shard__Index")).ToArray();

        Assert.Equal(count, ShardDeployments.Length);
        Assert.Equal(Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)), indices);
    }

    [Fact]
    public void EachShardGroupsHeadlessService_SelectsItsReplicasOnly()
    {
        var templates = ShardDeployments.Select(file => LoadSingle(file)["spec"]!["template"]!["metadata"]!["labels"]!).ToArray();
        for (var i = 0; i < templates.Length; i++)
        {
            var service = LoadSingle(Path.Combine(Folder, $"shard-{i}-service.yaml"));
            Assert.Equal("None", service["spec"]!["clusterIP"]!.GetValue<string>());
            for (var j = 0; j < templates.Length; j++)
            {
                Assert.Equal(i == j, Selects(service["spec"]!["selector"]!, templates[j]));
            }
        }
    }

    [Fact]
    public void Routers_NameEveryShardGroupsServiceOnItsGrpcPort_InShardOrder()
    {
        var router = Data("router-configmap.yaml");
        for (var i = 0; i < ShardDeployments.Length; i++)
        {
            var service = LoadSingle(Path.Combine(Folder, $"shard-{i}-service.yaml"));
            var name = service["metadata"]!["name"]!.GetValue<string>();
            var port = Number(service["spec"]!["ports"]![0]!["port"]);
            Assert.Equal($"dns:///{name}.rspipeline.svc.cluster.local:{port}", router[$"Router__Shards__{i}"]!.GetValue<string>());
        }

        Assert.Null(router[$"Router__Shards__{ShardDeployments.Length}"]);
    }

    [Fact]
    public void PublicService_SelectsTheRoutersOnly()
    {
        var service = LoadSingle(Path.Combine(Folder, "router-service.yaml"))["spec"]!["selector"]!;
        var router = LoadSingle(Path.Combine(Folder, "router-deployment.yaml"))["spec"]!["template"]!["metadata"]!["labels"]!;

        Assert.True(Selects(service, router));
        Assert.All(ShardDeployments, file => Assert.False(Selects(service, LoadSingle(file)["spec"]!["template"]!["metadata"]!["labels"]!)));
    }

    [Theory]
    [InlineData("shard-configmap.yaml")]
    [InlineData("router-configmap.yaml")]
    public void ConfigMaps_EveryKeyIsTheServersOwn(string file)
    {
        Assert.All(Data(file).Select(pair => pair.Key), key =>
        {
            var configurationKey = key.Replace("__", ":", StringComparison.Ordinal);
            Assert.True(
                ServerDefaults.Keys.Contains(configurationKey)
                    || configurationKey.StartsWith("Router:Shards:", StringComparison.Ordinal)
                    || configurationKey.StartsWith("Logging:Console:", StringComparison.Ordinal),
                $"{key} ({configurationKey}) is not a key of config/appsettings.json");
        });
    }

    [Fact]
    public void EveryDeployment_ProbesReadinessAndLivenessOnTheGrpcPort_AndOutlastsItsDrain()
    {
        foreach (var file in ShardDeployments.Append(Path.Combine(Folder, "router-deployment.yaml")))
        {
            var pod = LoadSingle(file)["spec"]!["template"]!["spec"]!;
            var container = Assert.Single(pod["containers"]!.AsArray())!;
            Assert.Equal(ServerDefaults.Port, Number(container["readinessProbe"]!["grpc"]!["port"]));
            Assert.Equal("liveness", container["livenessProbe"]!["grpc"]!["service"]!.GetValue<string>());
            Assert.True(Number(pod["terminationGracePeriodSeconds"]) > (ServerDefaults.DrainDelay + ServerDefaults.ShutdownTimeout).TotalSeconds, file);
        }
    }

    private static JsonObject Data(string file) => LoadSingle(Path.Combine(Folder, file))["data"]!.AsObject();

    private static string Env(JsonNode deployment, string name) =>
        Assert.Single(deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray())!["env"]!.AsArray()
            .Single(e => e!["name"]!.GetValue<string>() == name)!["value"]!.GetValue<string>();

    private static bool Selects(JsonNode selector, JsonNode labels) =>
        selector.AsObject().All(pair => labels[pair.Key]?.GetValue<string>() == pair.Value!.GetValue<string>());
}
