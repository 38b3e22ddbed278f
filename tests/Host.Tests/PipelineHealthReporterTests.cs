using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using RsPipeline.Host.Health;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Pipeline;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace RsPipeline.Host.Tests;

[Collection(SharedServer.Name)]
public sealed class PipelineHealthReporterTests(ServerFixture fixture)
{
    [Theory]
    [InlineData("")]
    [InlineData("rs.RSer")]
    [InlineData("rspipeline.recall.v1.Recall")]
    public async Task Check_RunningServer_Serving(string service)
    {
        var reply = await fixture.Server.Health.CheckAsync(new HealthCheckRequest { Service = service });

        Assert.Equal(ServingStatus.Serving, reply.Status);
    }

    [Theory]
    [InlineData(PipelineState.Starting, ServingStatus.NotServing)]
    [InlineData(PipelineState.Serving, ServingStatus.Serving)]
    [InlineData(PipelineState.Draining, ServingStatus.NotServing)]
    [InlineData(PipelineState.Stopped, ServingStatus.NotServing)]
    public async Task StateChanged_EachState_PublishedForEveryService(PipelineState state, ServingStatus expected)
    {
        var (pipeline, health, _, reporter) = Create();
        await reporter.StartAsync(CancellationToken.None);

        pipeline.MoveTo(PipelineState.Serving);
        pipeline.MoveTo(state);

        foreach (var service in PipelineHealthReporter.ServiceNames)
        {
            Assert.Equal(expected, await StatusOf(health, service));
        }
    }

    [Fact]
    public async Task Start_BeforePipelineServes_NotServing()
    {
        var (_, health, _, reporter) = Create();

        await reporter.StartAsync(CancellationToken.None);

        Assert.Equal(ServingStatus.NotServing, await StatusOf(health, string.Empty));
    }

    [Fact]
    public async Task ApplicationStopping_PipelineStillServing_NotServing()
    {
        var (pipeline, health, lifetime, reporter) = Create();
        await reporter.StartAsync(CancellationToken.None);
        pipeline.MoveTo(PipelineState.Serving);

        lifetime.StopApplication();
        pipeline.MoveTo(PipelineState.Serving);

        Assert.Equal(ServingStatus.NotServing, await StatusOf(health, string.Empty));
    }

    private static (FakePipeline Pipeline, HealthServiceImpl Health, ApplicationLifetime Lifetime, PipelineHealthReporter Reporter) Create()
    {
        var pipeline = new FakePipeline();
        var health = new HealthServiceImpl();
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        return (pipeline, health, lifetime, new PipelineHealthReporter(new ServiceCollection().AddSingleton<IRecallPipeline>(pipeline).BuildServiceProvider(), health, lifetime, NullLogger<PipelineHealthReporter>.Instance));
    }

    private static async Task<ServingStatus> StatusOf(HealthServiceImpl health, string service) =>
        (await health.Check(new HealthCheckRequest { Service = service }, null!)).Status;

    private sealed class FakePipeline : IRecallPipeline
    {
        public event Action<PipelineState>? StateChanged;

        public string CatalogVersion => "fake";

        public int Dimension => 1;

        public PipelineState State { get; private set; }

        public void MoveTo(PipelineState state)
        {
            State = state;
            StateChanged?.Invoke(state);
        }

        public Task<RecallResult> SubmitAsync(RecallRequest request) => throw new NotSupportedException();
    }
}
