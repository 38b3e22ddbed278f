using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RsPipeline.Host.Health;
using RsPipeline.Host.Tests.Health;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.TestSupport;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace RsPipeline.Host.Tests;

[Collection(SharedServer.Name)]
public sealed class PipelineHealthReporterTests(ServerFixture fixture)
{
    private static readonly IReadOnlyList<string> Readiness = PipelineHealthReporter.ServiceNames;

    [Theory]
    [InlineData("")]
    [InlineData("rs.RSer")]
    [InlineData("rspipeline.recall.v1.Recall")]
    [InlineData(PipelineHealthReporter.LivenessServiceName)]
    public async Task Check_RunningServer_Serving(string service)
    {
        var reply = await fixture.Server.Health.CheckAsync(new HealthCheckRequest { Service = service });

        Assert.Equal(ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Check_UnknownService_NotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Server.Health.CheckAsync(new HealthCheckRequest { Service = "no.such.Service" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Start_WhileTheCatalogueLoads_LiveButNotReady()
    {
        await using var harness = new HealthHarness(activate: false);

        await harness.StartAsync();
        await harness.Reporter.Published.DefaultTimeout();

        Assert.All(await ReadinessStatuses(harness), status => Assert.Equal(ServingStatus.NotServing, status));
        Assert.Equal(ServingStatus.Serving, await harness.PublishedStatusOf(PipelineHealthReporter.LivenessServiceName));
    }

    [Fact]
    public async Task PipelineServes_ReadyForEveryServiceName()
    {
        await using var harness = new HealthHarness(activate: false);
        await harness.StartAsync();
        var ready = harness.Recorder.WaitFor(report => report.Entries["readiness"].Status == HealthStatus.Healthy);

        harness.Fixture.Pipeline.Activate(harness.Fixture.Scorer);
        await ready.DefaultTimeout();

        Assert.All(await ReadinessStatuses(harness), status => Assert.Equal(ServingStatus.Serving, status));
        Assert.Equal(ServingStatus.Serving, await harness.PublishedStatusOf(PipelineHealthReporter.LivenessServiceName));
    }

    [Fact]
    public async Task ToldToStop_NotReadyAtOnce_StillLive()
    {
        await using var harness = new HealthHarness();
        await harness.StartAsync();
        var withdrawn = harness.Recorder.WaitFor(report => report.Entries["readiness"].Status == HealthStatus.Unhealthy);

        harness.Lifetime.StopApplication();
        await withdrawn.DefaultTimeout();

        Assert.All(await ReadinessStatuses(harness), status => Assert.Equal(ServingStatus.NotServing, status));
        Assert.Equal(ServingStatus.Serving, await harness.PublishedStatusOf(PipelineHealthReporter.LivenessServiceName));
    }

    [Fact]
    public async Task InferenceLoopEndsWithoutADrain_NotLive_PushedWithoutAStateChange()
    {
        await using var harness = new HealthHarness();
        await harness.StartAsync();
        var faulted = harness.Recorder.WaitFor(report => report.Entries["liveness"].Status == HealthStatus.Unhealthy);

        // What a fault propagated from the parse stage does: the batch queue's intake ends, the loop with it.
        harness.Fixture.Pipeline.Dispose();
        var report = await faulted.DefaultTimeout();

        Assert.Equal(ServingStatus.NotServing, await harness.PublishedStatusOf(PipelineHealthReporter.LivenessServiceName));
        Assert.Equal("the inference loop ended without a drain", report.Entries["liveness"].Description);
    }

    private static Task<ServingStatus[]> ReadinessStatuses(HealthHarness harness) => Task.WhenAll(Readiness.Select(harness.PublishedStatusOf));
}
