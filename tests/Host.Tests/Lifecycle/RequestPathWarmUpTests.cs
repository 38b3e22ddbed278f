using Microsoft.Extensions.DependencyInjection;
using RsPipeline.Host.Lifecycle;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Lifecycle;

/// <summary>Issue 13, defect 3: the whole request path is called before readiness turns SERVING.</summary>
public sealed class RequestPathWarmUpTests : IDisposable
{
    private readonly TestCatalog _catalog = new();

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task WithAWarmUp_BothApisReachThePipeline_AtEveryBatchSize_BeforeServing()
    {
        await using var server = await TestServer.StartAsync(TestServer.Arguments(_catalog, "--Server:WarmUpDuration=00:00:00.050", "--Batching:MaxBatchSize=8"));

        // Started returns once health said SERVING: by then the warm-up is over and its calls were made.
        Assert.True(server.App.Services.GetRequiredService<RequestPathWarmUp>().IsComplete);

        // One round at least: 1 + 2 + 4 + 8 calls on each of the two APIs.
        Assert.True(server.Gate.Submitted >= 2 * (1 + 2 + 4 + 8), $"{server.Gate.Submitted} requests reached the pipeline");
    }

    [Fact]
    public async Task WithoutAWarmUp_NothingIsCalled()
    {
        await using var server = await TestServer.StartAsync(TestServer.Arguments(_catalog, "--Server:WarmUpDuration=00:00:00"));

        await server.App.Services.GetRequiredService<RequestPathWarmUp>().Completed.DefaultTimeout();
        Assert.Equal(0, server.Gate.Submitted);
    }
}
