using System.Text.Json;
using RsPipeline.Host.Tests.Infrastructure;

namespace RsPipeline.Host.Tests.Configuration;

/// <summary>Errors found before the application exists are logged as the configuration says: JSON stays JSON.</summary>
public sealed class StartupLoggingTests : IDisposable
{
    private const int InvalidConfigurationEventId = 1002;
    private static readonly string Host = Path.Combine(AppContext.BaseDirectory, "RsPipeline.Host.dll");
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("rspipeline-startup-logging-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task UnknownProfile_FormatterFromTheCommandLine_EveryLineJson()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [Host, "--profile", "nosuchprofile", "--Logging:Console:FormatterName=json"], TimeSpan.FromMinutes(1));

        AssertOneJsonInvalidConfigurationEntry(result, "nosuchprofile");
    }

    [Fact]
    public async Task UnknownProfile_FormatterFromTheBaseFile_EveryLineJson()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory.FullName, "appsettings.json"), """{ "Logging": { "Console": { "FormatterName": "json" } } }""");

        var result = await ProcessRunner.RunAsync("dotnet", [Host, "--config-dir", _directory.FullName, "--profile", "nosuchprofile"], TimeSpan.FromMinutes(1));

        AssertOneJsonInvalidConfigurationEntry(result, "nosuchprofile");
    }

    [Fact]
    public async Task UnreadableBaseFile_FormatterFromTheCommandLineStillHonoured()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory.FullName, "appsettings.json"), "{ this is not JSON");

        var result = await ProcessRunner.RunAsync("dotnet", [Host, "--config-dir", _directory.FullName, "--Logging:Console:FormatterName=json"], TimeSpan.FromMinutes(1));

        Assert.NotNull(result);
        Assert.NotEqual(0, result.ExitCode);
        var entries = JsonLines(result.Output);
        Assert.Contains(entries, entry => entry.GetProperty("Message").GetString()!.Contains("appsettings.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownProfile_NoFormatterConfigured_PlainText()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [Host, "--profile", "nosuchprofile"], TimeSpan.FromMinutes(1));

        Assert.NotNull(result);
        Assert.Equal(RsPipelineServer.ExitInvalidConfiguration, result.ExitCode);
        Assert.StartsWith("crit: ", result.Output, StringComparison.Ordinal);
    }

    private static void AssertOneJsonInvalidConfigurationEntry(ProcessRunner.Result? result, string expected)
    {
        Assert.NotNull(result);
        Assert.Equal(RsPipelineServer.ExitInvalidConfiguration, result.ExitCode);
        var entry = Assert.Single(JsonLines(result.Output));
        Assert.Equal(InvalidConfigurationEventId, entry.GetProperty("EventId").GetInt32());
        Assert.Equal("Critical", entry.GetProperty("LogLevel").GetString());
        Assert.Contains(expected, entry.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    // Every line must parse: a plain-text line throws here.
    private static JsonElement[] JsonLines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement).ToArray();
}
