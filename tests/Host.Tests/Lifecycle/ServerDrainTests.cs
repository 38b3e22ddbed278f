using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Host.Configuration;
using RsPipeline.Host.Health;
using RsPipeline.Host.Lifecycle;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Protos.Rs;
using RsPipeline.TestSupport;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace RsPipeline.Host.Tests.Lifecycle;

/// <summary>The drain on the whole in-process server (Kestrel, interceptor, health, HTTP probes), with the shutdown sequence on a fake clock.</summary>
public sealed class ServerDrainTests : IDisposable
{
    private static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(5);
    private readonly TestCatalog _catalog = new();
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task Stop_DuringTheDrainDelay_NotReadyButLive_CallsAnswered_ThenRefused_CallInsideFinishes()
    {
        await using var server = await TestServer.StartAsync(TestServer.Arguments(_catalog, $"--Server:DrainDelay={DrainDelay:c}"), UseFakeClock);
        var sequence = server.App.Services.GetRequiredService<ShutdownSequence>();
        using var http = new HttpClient { BaseAddress = RsPipelineServer.MetricsAddress(server.App) };
        var query = TestCatalog.Query(1);
        using var watch = server.Health.Watch(new HealthCheckRequest());
        await NextStatusAsync(watch, ServingStatus.Serving);

        var stopping = server.App.StopAsync();
        await NextStatusAsync(watch, ServingStatus.NotServing);
        var readiness = (await server.Health.CheckAsync(new HealthCheckRequest())).Status;
        var liveness = (await server.Health.CheckAsync(new HealthCheckRequest { Service = PipelineHealthReporter.LivenessServiceName })).Status;
        var readyz = (await http.GetAsync(new Uri(HealthServiceCollectionExtensions.ReadinessPath, UriKind.Relative))).StatusCode;
        var healthz = (await http.GetAsync(new Uri(HealthServiceCollectionExtensions.LivenessPath, UriKind.Relative))).StatusCode;
        var duringDelay = await server.Seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(query) }).ResponseAsync.DefaultTimeout();
        var hold = server.Gate.Hold();
        var inside = server.Seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(query) });
        await server.Gate.Entered.DefaultTimeout();
        var closing = WhenPhase(sequence, ServerPhase.Closing);

        _time.Advance(DrainDelay);
        await closing.DefaultTimeout();
        var refused = await Assert.ThrowsAsync<RpcException>(() => server.Seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(query) }).ResponseAsync.DefaultTimeout());
        var stillStopping = !stopping.IsCompleted;
        hold.Dispose();
        var finished = await inside.ResponseAsync.DefaultTimeout();
        await stopping.DefaultTimeout();

        Assert.Equal((ServingStatus.NotServing, ServingStatus.Serving), (readiness, liveness));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK), (readyz, healthz));
        _catalog.AssertTopK(query, duringDelay.Items.Split(','), 100);
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.True(stillStopping, "the server stopped with a call inside");
        _catalog.AssertTopK(query, finished.Items.Split(','), 100);
    }

    [Fact]
    public async Task HostShutdownTimeout_IsDrainDelayPlusShutdownTimeout()
    {
        await using var server = await TestServer.StartAsync(TestServer.Arguments(_catalog, "--Server:DrainDelay=00:00:04", "--Server:ShutdownTimeout=00:00:09"));

        Assert.Equal(TimeSpan.FromSeconds(13), server.App.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    // Only the shutdown sequence's clock: the rest of the server keeps real time.
    private void UseFakeClock(WebApplicationBuilder builder) =>
        builder.Services.AddSingleton(sp => new ShutdownSequence(
            sp,
            sp.GetRequiredService<CallIntake>(),
            sp.GetRequiredService<IOptions<RecallServerOptions>>(),
            sp.GetRequiredService<IHostApplicationLifetime>(),
            _time,
            sp.GetRequiredService<ILogger<ShutdownSequence>>()));

    private static async Task NextStatusAsync(AsyncServerStreamingCall<HealthCheckResponse> watch, ServingStatus expected)
    {
        while (await watch.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout())
        {
            if (watch.ResponseStream.Current.Status == expected)
            {
                return;
            }
        }

        throw new Xunit.Sdk.XunitException($"the health watch ended before {expected}");
    }

    private static Task WhenPhase(ShutdownSequence sequence, ServerPhase expected)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sequence.PhaseChanged += phase =>
        {
            if (phase == expected)
            {
                reached.TrySetResult();
            }
        };
        return sequence.Phase == expected ? Task.CompletedTask : reached.Task;
    }
}
