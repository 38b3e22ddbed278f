using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using RsPipeline.Client;
using RsPipeline.Host.Health;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Protos.Rs;
using RsPipeline.TestSupport;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace RsPipeline.Host.Tests.Lifecycle;

/// <summary>The drain an orchestrator relies on, on the real process stopped with SIGTERM.</summary>
public sealed class ProcessDrainTests : IDisposable
{
    // The default, which the manifests plan for; long enough that a loaded machine still gets calls in.
    private static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(10);
    private readonly TestCatalog _catalog = new();

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task Sigterm_CallsBeforeAndDuringTheDrainDelayAnswered_LaterOnesUnavailable_ExitsZero()
    {
        await using var host = await HostProcess.StartAsync(TestServer.Arguments(
            _catalog, $"--Server:DrainDelay={DrainDelay:c}", "--Logging:LogLevel:RsPipeline.Host.Lifecycle=Information"));
        var seed = new RSer.RSerClient(host.Channel);
        var health = new Grpc.Health.V1.Health.HealthClient(host.Channel);
        var query = TestCatalog.Query(1);
        var before = await seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(query) }).ResponseAsync.DefaultTimeout();
        using var watch = health.Watch(new HealthCheckRequest());
        await NextStatusAsync(watch, ServingStatus.Serving);

        var signal = Stopwatch.StartNew();
        host.SendTerminate();
        await NextStatusAsync(watch, ServingStatus.NotServing);
        var firstAfterNotReady = await CallAsync(seed, query, signal);
        var readiness = (await health.CheckAsync(new HealthCheckRequest())).Status;
        var liveness = (await health.CheckAsync(new HealthCheckRequest { Service = PipelineHealthReporter.LivenessServiceName })).Status;
        List<Call> calls = [firstAfterNotReady, .. await CallUntilRefusedAsync(seed, query, signal)];
        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        var answered = calls.TakeWhile(call => call.Status == StatusCode.OK).ToArray();
        var refused = calls.Skip(answered.Length).ToArray();
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{host.Output}");
        _catalog.AssertTopK(query, before.Items.Split(','), 100);
        Assert.Equal((ServingStatus.NotServing, ServingStatus.Serving), (readiness, liveness));
        Assert.NotEmpty(answered);
        Assert.All(answered, call => _catalog.AssertTopK(query, call.Items!, 100));
        Assert.True(refused.Length > 1, "no call was refused");
        // Refused as UNAVAILABLE: by the server, or by a process that has closed its connections; a
        // later call can race that close, which the client reports as INTERNAL (grpc/grpc#14109).
        Assert.Contains(refused, call => call.Status == StatusCode.Unavailable);
        Assert.True(refused.All(call => call.Status == StatusCode.Unavailable || call.RacedTheConnectionClose), $"not every refusal was UNAVAILABLE: {string.Join("; ", refused)}\n{host.Output}");
        // Nothing is refused before the drain delay has passed since SIGTERM was sent.
        Assert.True(refused[0].Ended >= DrainDelay, $"first refusal {refused[0].Ended} after SIGTERM, before the drain delay {DrainDelay}:\n{host.Output}");
        Assert.Contains("Intake stopped", host.Output, StringComparison.Ordinal);
    }

    // One call after another until one is refused, then a few more (by then the process may have exited).
    private static async Task<List<Call>> CallUntilRefusedAsync(RSer.RSerClient seed, float[] query, Stopwatch signal)
    {
        var calls = new List<Call>();
        var refusals = 0;
        while (refusals < 3 && signal.Elapsed < DrainDelay + CallDeadline)
        {
            var call = await CallAsync(seed, query, signal);
            calls.Add(call);
            refusals += call.Status == StatusCode.OK ? 0 : 1;
        }

        return calls;
    }

    private static async Task<Call> CallAsync(RSer.RSerClient seed, float[] query, Stopwatch signal)
    {
        try
        {
            var reply = await seed.CallRsItemsAsync(new userRequest { Vector = TestCatalog.ToText(query) }, deadline: DateTime.UtcNow + CallDeadline);
            return new Call(StatusCode.OK, signal.Elapsed, reply.Items.Split(','), null);
        }
        catch (RpcException ex)
        {
            return new Call(ex.StatusCode, signal.Elapsed, null, ex.Status.Detail);
        }
    }

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

    private sealed record Call(StatusCode Status, TimeSpan Ended, string[]? Items, string? Detail)
    {
        public bool RacedTheConnectionClose => ConnectionCloseRace.Is(new Grpc.Core.Status(Status, Detail ?? string.Empty));

        public override string ToString() => $"{Status} at {Ended} after SIGTERM: {Detail}";
    }
}
