using RsPipeline.Host.Configuration;

namespace RsPipeline.Host.Tests;

public sealed class ConfigurationLayoutTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Resolve_NoArguments_BaseDirectoryConfigAndNoProfile()
    {
        var layout = ConfigurationLayout.Resolve([], NoEnvironment);

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "config"), layout.Directory);
        Assert.Null(layout.Profile);
        Assert.True(File.Exists(layout.BaseFile), "config/appsettings.json is copied to the output");
    }

    [Theory]
    [InlineData("--profile", "latency")]
    [InlineData("--profile=latency", null)]
    public void Resolve_ProfileArgument_Wins(string first, string? second)
    {
        string[] args = second is null ? [first] : [first, second];

        var layout = ConfigurationLayout.Resolve(args, name => name == ConfigurationLayout.ProfileVariable ? "throughput" : null);

        Assert.Equal("latency", layout.Profile);
        Assert.EndsWith(Path.Combine("config", "latency.json"), layout.ProfileFile, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ProfileVariable_UsedWithoutArgument()
    {
        var layout = ConfigurationLayout.Resolve([], name => name == ConfigurationLayout.ProfileVariable ? "throughput" : null);

        Assert.Equal("throughput", layout.Profile);
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("latency.json")]
    public void Resolve_ProfileNotAPlainName_Throws(string profile)
    {
        Assert.Throws<InvalidProfileNameException>(() => ConfigurationLayout.Resolve(["--profile", profile], NoEnvironment));
    }
}
