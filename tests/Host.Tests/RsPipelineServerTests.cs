using Grpc.Core;
using Microsoft.Extensions.Options;
using RsPipeline.Host.Configuration;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Pipeline;
using RsPipeline.Protos.Rs;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests;

public sealed class RsPipelineServerTests : IDisposable
{
    private readonly TestCatalog _catalog = new();

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task Start_InvalidValues_FailsNamingEveryKey()
    {
        await using var app = RsPipelineServer.Build(RsPipelineServer.CreateBuilder(
            TestServer.Arguments(_catalog, "--Recall:MaxTopK=0", "--Server:Port=70000")));

        // Sections validated by different options types arrive together, as one AggregateException.
        var error = await Assert.ThrowsAsync<AggregateException>(() => app.StartAsync().DefaultTimeout());

        Assert.All(error.InnerExceptions, e => Assert.IsType<OptionsValidationException>(e));
        Assert.Contains("Recall:MaxTopK", error.Message, StringComparison.Ordinal);
        Assert.Contains("Server:Port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnparsableValue_FailsNamingKey()
    {
        await using var app = RsPipelineServer.Build(RsPipelineServer.CreateBuilder(TestServer.Arguments(_catalog, "--Server:Port=abc")));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync().DefaultTimeout());

        Assert.Equal("Failed to convert configuration value 'abc' at 'Server:Port' to type 'System.Int32'.", error.Message);
    }

    [Theory]
    [InlineData("--Server:MaxUsersPerCall=0", "Server:MaxUsersPerCall")]
    [InlineData("--Batching:MaxBatchDelay=soon", "Batching:MaxBatchDelay")]
    [InlineData("--Inference:ItemTileRows=4096", "set Inference:Torch:ItemTileRows instead")]
    public async Task Process_InvalidOrUnconvertibleValue_ExitsAsInvalidConfigurationNamingKey(string argument, string expected)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "RsPipeline.Host.dll");

        var result = await ProcessRunner.RunAsync("dotnet", [host, .. TestServer.Arguments(_catalog, argument)], TimeSpan.FromMinutes(1));

        Assert.NotNull(result);
        Assert.Equal(RsPipelineServer.ExitInvalidConfiguration, result.ExitCode);
        Assert.Contains(expected, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_UnknownProfile_ExitsAsInvalidConfiguration()
    {
        var host = Path.Combine(AppContext.BaseDirectory, "RsPipeline.Host.dll");

        var result = await ProcessRunner.RunAsync("dotnet", [host, "--profile", "nosuchprofile"], TimeSpan.FromMinutes(1));

        Assert.NotNull(result);
        Assert.Equal(RsPipelineServer.ExitInvalidConfiguration, result.ExitCode);
        Assert.Contains("nosuchprofile", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_CorruptCatalogue_ExitsNonZeroNamingTheFile()
    {
        var corrupt = Path.Combine(Path.GetTempPath(), $"rspipeline-corrupt-{Guid.NewGuid():N}.npy");
        await File.WriteAllTextAsync(corrupt, "this is not a NumPy file");
        try
        {
            var host = Path.Combine(AppContext.BaseDirectory, "RsPipeline.Host.dll");

            // The catalogue loads after start-up (health answers NOT_SERVING meanwhile): its failure must still end the process non-zero.
            var result = await ProcessRunner.RunAsync("dotnet", [host, .. TestServer.Arguments(_catalog, $"--Catalog:EmbeddingsPath={corrupt}", "--Logging:LogLevel:Default=Information")], TimeSpan.FromMinutes(1));

            Assert.NotNull(result);
            Assert.True(result.ExitCode == RsPipelineServer.ExitStartupFailed, $"exit code {result.ExitCode}:\n{result.Output}");
            Assert.Contains(Path.GetFileName(corrupt), result.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(corrupt);
        }
    }

    [Fact]
    public async Task Process_Sigterm_AfterServing_ExitsZero()
    {
        await using var host = await HostProcess.StartAsync(TestServer.Arguments(_catalog));
        var reply = await new RSer.RSerClient(host.Channel).CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(TestCatalog.Query(1)) }).ResponseAsync.DefaultTimeout();

        var exitCode = await host.TerminateAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(100, reply.Items.Split(',').Length);
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{host.Output}");
    }

    [Fact]
    public void CreateBuilder_Profile_LayersOverBaseUnderCommandLine()
    {
        var builder = RsPipelineServer.CreateBuilder(["--profile", "latency", "--Batching:MaxBatchDelay=00:00:00.001"]);

        Assert.Equal("16", builder.Configuration["Batching:MaxBatchSize"]);
        Assert.Equal("00:00:00.001", builder.Configuration["Batching:MaxBatchDelay"]);
        Assert.Equal("50051", builder.Configuration["Server:Port"]);
    }

    [Fact]
    public void CreateBuilder_UnknownProfile_ThrowsNamingIt()
    {
        var error = Assert.Throws<ProfileNotFoundException>(() => RsPipelineServer.CreateBuilder(["--profile", "nosuchprofile"]));

        Assert.Contains("nosuchprofile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_WithCallInFlight_RefusesNewCallsAndCompletesTheInFlightOne()
    {
        await using var server = await TestServer.StartAsync(TestServer.Arguments(_catalog));
        var query = TestCatalog.Query(1);
        var hold = server.Gate.Hold();
        var inFlight = server.Seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(query) });
        await server.Gate.Entered.DefaultTimeout();

        var stopping = server.App.StopAsync();
        var refused = await Assert.ThrowsAsync<RpcException>(
            () => server.Seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(query) }).ResponseAsync.DefaultTimeout());
        hold.Dispose();
        var reply = await inFlight.ResponseAsync.DefaultTimeout();
        await stopping.DefaultTimeout();

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        _catalog.AssertTopK(query, reply.Items.Split(','), 100);
        Assert.Equal(PipelineState.Stopped, server.Gate.State);
    }
}
