using System.Text.Json;
using RsPipeline.Host.Tests.Infrastructure;

namespace RsPipeline.Host.Tests;

/// <summary>The console log format a log shipper needs: ASP.NET Core's JSON formatter, one object per line.</summary>
public sealed class ConsoleLogFormatTests : IDisposable
{
    private readonly TestCatalog _catalog = new();

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task JsonFormatter_EveryLineIsOneJsonLogEntry_ServingAmongThem()
    {
        await using var host = await HostProcess.StartAsync(
            TestServer.Arguments(_catalog, "--Logging:Console:FormatterName=json", "--Logging:LogLevel:Default=Information"));
        var exitCode = await host.TerminateAsync(TimeSpan.FromSeconds(30));

        var lines = host.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToArray();

        Assert.Equal(0, exitCode);
        Assert.All(entries, entry => Assert.All(
            ["EventId", "LogLevel", "Category", "Message"],
            property => Assert.True(entry.TryGetProperty(property, out _), $"no {property} in {entry}")));
        Assert.Contains(entries, entry => entry.GetProperty("Category").GetString() == typeof(RsPipelineServer).FullName
            && entry.GetProperty("Message").GetString()!.StartsWith("RsPipeline serving", StringComparison.Ordinal));
    }
}
