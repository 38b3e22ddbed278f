using System.Globalization;
using RsPipeline.Host.Tests.Infrastructure;

namespace RsPipeline.Host.Tests.Deploy;

/// <summary>What the image must be, checked on the Dockerfile itself (no Docker engine runs here).</summary>
public sealed class DockerfileTests
{
    private readonly DockerfileInstructions _dockerfile = DockerfileInstructions.Read(RepositoryRoot.Combine("Dockerfile"));

    [Fact]
    public void Stages_SdkBuildsRuntimeRuns_NoSdkInTheFinalImage()
    {
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", _dockerfile.BaseImages[0], StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", _dockerfile.BaseImages[^1], StringComparison.Ordinal);
        // The final stage takes only the publish output from the build stage.
        Assert.All(_dockerfile.FinalStage.Where(i => i.Keyword is "COPY" or "ADD"), copy => Assert.StartsWith("--from=build /app", copy.Arguments, StringComparison.Ordinal));
        Assert.DoesNotContain(_dockerfile.FinalStage, i => i.Keyword == "RUN");
    }

    [Fact]
    public void FinalStage_NonRootUser_TmpDirForWrites_EntryPointIsTheHost()
    {
        var user = Assert.Single(_dockerfile.FinalStage, i => i.Keyword == "USER").Arguments;

        Assert.DoesNotContain(user, new[] { "root", "0", "0:0" });
        Assert.Equal("/tmp", _dockerfile.FinalEnvironment["TMPDIR"]);
        Assert.Equal(["dotnet", typeof(RsPipelineServer).Assembly.GetName().Name + ".dll"], _dockerfile.EntryPoint);
    }

    [Fact]
    public void Expose_TheServersDefaultPorts()
    {
        var exposed = _dockerfile.FinalStage.Where(i => i.Keyword == "EXPOSE").SelectMany(i => i.Arguments.Split(' ')).Select(p => int.Parse(p, CultureInfo.InvariantCulture));

        Assert.Equal(new[] { ServerDefaults.Port, ServerDefaults.MetricsPort }.Order(), exposed.Order());
    }

    [Fact]
    public void Publish_ReleaseForLinuxX64()
    {
        var arguments = string.Join(' ', _dockerfile.PublishArguments);

        Assert.StartsWith("Host/Host.csproj ", arguments, StringComparison.Ordinal);
        Assert.Contains("-c Release", arguments, StringComparison.Ordinal);
        Assert.Contains("-r linux-x64", arguments, StringComparison.Ordinal);
        Assert.Contains("--self-contained false", arguments, StringComparison.Ordinal);
        Assert.Contains("-o /app", arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void Context_HasWhatTheBuildNeeds_AndNoBuildOutputOrTests()
    {
        var files = DockerContext.Files(RepositoryRoot.Path);

        Assert.All(
            ["Host/Host.csproj", "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig", "protos/rs.proto", "config/appsettings.json"],
            needed => Assert.Contains(needed, files));
        Assert.DoesNotContain(files, f => f.Split('/').Any(part => part is "bin" or "obj") || f.StartsWith("tests/", StringComparison.Ordinal) || f.StartsWith(".git", StringComparison.Ordinal));
    }
}
