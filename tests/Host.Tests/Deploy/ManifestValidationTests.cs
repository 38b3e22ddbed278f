using RsPipeline.Host.Tests.Infrastructure;

namespace RsPipeline.Host.Tests.Deploy;

/// <summary>
/// The manifests validated offline against the Kubernetes and Prometheus Operator schemas, and
/// against the same models' types for unknown fields (deploy/validate/validate.mjs, npm packages
/// kubernetes-models and @kubernetes-models/prometheus-operator).
/// </summary>
public sealed class ManifestValidationTests
{
    private static readonly string Validator = RepositoryRoot.Combine("deploy/validate");

    [Fact]
    public async Task Manifests_ValidAgainstTheirSchemas()
    {
        var documents = new[] { "deploy/k8s", "deploy/k8s-sharded", "deploy/monitoring" }
            .SelectMany(folder => Directory.EnumerateFiles(RepositoryRoot.Combine(folder), "*.yaml"))
            .Where(file => Path.GetFileName(file) != "kustomization.yaml")
            .Sum(file => YamlDocuments.Load(file).Count);

        var result = await RunValidatorAsync(RepositoryRoot.Combine("deploy/k8s"), RepositoryRoot.Combine("deploy/k8s-sharded"), RepositoryRoot.Combine("deploy/monitoring"));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains($"{documents} documents checked, 0 problems", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validator_RejectsAMisspeltFieldAndAWrongType()
    {
        var directory = Directory.CreateTempSubdirectory("rspipeline-manifests-").FullName;
        try
        {
            var deployment = await File.ReadAllTextAsync(RepositoryRoot.Combine("deploy/k8s/deployment.yaml"));
            await File.WriteAllTextAsync(Path.Combine(directory, "misspelt.yaml"), deployment.Replace("readinessProbe:", "readinesProbe:", StringComparison.Ordinal));
            await File.WriteAllTextAsync(Path.Combine(directory, "wrong-type.yaml"), deployment.Replace("containerPort: 50051", "containerPort: grpc", StringComparison.Ordinal));

            var result = await RunValidatorAsync(directory);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("readinesProbe", result.Output, StringComparison.Ordinal);
            Assert.Contains("containerPort must be integer", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<ProcessRunner.Result> RunValidatorAsync(params string[] targets)
    {
        if (!Directory.Exists(Path.Combine(Validator, "node_modules", "kubernetes-models")))
        {
            Assert.Fail($"the manifest validator's packages are not installed: run `npm ci --prefix deploy/validate` (.ci/run does)");
        }

        var result = await ProcessRunner.RunAsync("node", [Path.Combine(Validator, "validate.mjs"), .. targets], TimeSpan.FromMinutes(2));
        return result ?? throw new Xunit.Sdk.XunitException("node is not installed (Debian: apt-get install -y nodejs npm; .ci/run installs it)");
    }
}
