using Microsoft.Extensions.Configuration;
using RsPipeline.Host.Configuration;
using RsPipeline.Host.Tests.Infrastructure;

namespace RsPipeline.Host.Tests;

public sealed class CommandLineHelpTests
{
    private static readonly string Host = Path.Combine(AppContext.BaseDirectory, "RsPipeline.Host.dll");

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Process_Help_PrintsLayersProfilesEveryKeyAndExitsZeroWithoutStarting(string flag)
    {
        var port = LoopbackPorts.Free();

        var result = await ProcessRunner.RunAsync("dotnet", [Host, flag, $"--Server:Port={port}"], TimeSpan.FromMinutes(1));

        Assert.NotNull(result);
        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}:\n{result.Output}");
        Assert.All(
            ["appsettings.json", "--profile", ConfigurationLayout.ProfileVariable, "--config-dir", ConfigurationLayout.DirectoryVariable,
             "Server__Port=6000", "--Server:Port=6000", "latency, production, throughput", "Logging:Console:FormatterName=json", "OTEL_EXPORTER_OTLP_ENDPOINT"],
            text => Assert.Contains(text, result.Output, StringComparison.Ordinal));
        Assert.All(BaseFileKeys(), key => Assert.Contains($"  {key} = ", result.Output, StringComparison.Ordinal));
        // Nothing was built or started: no host log line, no listener.
        Assert.DoesNotContain("listening", result.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("RsPipeline serving", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void IsRequested_OnlyForHelpFlags()
    {
        Assert.True(CommandLineHelp.IsRequested(["--profile", "latency", "--help"]));
        Assert.False(CommandLineHelp.IsRequested(["--profile", "latency", "--Server:Port=1"]));
    }

    [Fact]
    public void ReadmeSections_AreHeadingsOfTheReadme()
    {
        var headings = File.ReadAllLines(RepositoryRoot.Combine("README.md")).Where(line => line.StartsWith("## ", StringComparison.Ordinal)).Select(line => line[3..].Trim()).ToHashSet();

        Assert.All(CommandLineHelp.ReadmeSections.Values.Distinct(), section => Assert.Contains(section, headings));
    }

    private static IEnumerable<string> BaseFileKeys() =>
        new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "config", "appsettings.json")).Build()
            .AsEnumerable().Where(pair => pair.Value is not null).Select(pair => pair.Key);
}
