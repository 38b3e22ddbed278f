using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using RsPipeline.Host.Tests.Infrastructure;
using RsPipeline.Pipeline;
using RsPipeline.Pipeline.Telemetry;
using RsPipeline.TestSupport;
using static RsPipeline.Pipeline.Telemetry.RsPipelineTelemetry;

namespace RsPipeline.Host.Tests.Scenarios;

/// <summary>
/// The CI version of <c>perf/scenarios/deadlines-mixed.sh</c>: beside a paced main stream with
/// ample deadlines, a second stream whose deadlines (<see cref="ShortDeadline"/>) are shorter than
/// many of its calls take, so they expire queued, in scoring or in flight. The main stream is
/// answered exactly throughout; a short call is answered exactly or DEADLINE_EXCEEDED (or CANCELLED:
/// the server's copy of the deadline, from grpc-timeout, may expire before the client's, and
/// grpc-dotnet then resets the stream with HTTP/2 CANCEL, which the client reports as CANCELLED),
/// nothing else; the server counts its requests only as ok, deadline_exceeded or cancelled (none failed
/// inside, none refused) and stays SERVING.
/// </summary>
public sealed class DeadlinesMixedScenarioTests : IDisposable
{
    private const int CallersPerStream = 2;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan ShortDeadline = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan MainDeadline = TimeSpan.FromSeconds(10);
    private readonly TestCatalog _catalog = new();

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task ShortDeadlinesBesideLoad_MainAnsweredExactly_ShortOnesAnsweredOrDeadlineExceeded()
    {
        await using var server = await TestServer.StartAsync(TestServer.Arguments(_catalog));
        using var requests = new MetricCollector<long>(server.App.Services.GetRequiredService<RsPipelineTelemetry>().Meter, Instruments.Requests);
        using var duration = new CancellationTokenSource(Duration);

        var main = PacedCallers.RunAsync(CallersPerStream, Interval, n => CallRecord.SeedAsync(server.Seed, n, MainDeadline), stopAfter: _ => false, duration.Token);
        var hurried = PacedCallers.RunAsync(CallersPerStream, Interval, n => CallRecord.SeedAsync(server.Seed, n, ShortDeadline), stopAfter: _ => false, duration.Token);
        var (mainCalls, shortCalls) = (await main.DefaultTimeout(), await hurried.DefaultTimeout());
        var health = await server.Health.CheckAsync(new HealthCheckRequest()).ResponseAsync.DefaultTimeout();
        var outcomes = requests.GetMeasurementSnapshot().Select(m => (string)m.Tags[Attributes.Outcome]!).ToHashSet();

        Assert.NotEmpty(mainCalls);
        Assert.All(mainCalls, call => Assert.True(call.Status == StatusCode.OK, call.ToString()));
        Assert.All(shortCalls, call => Assert.True(call.Status is StatusCode.OK or StatusCode.DeadlineExceeded or StatusCode.Cancelled, call.ToString()));
        Assert.All(mainCalls.Concat(shortCalls).Where(call => call.Status == StatusCode.OK), call => _catalog.AssertTopK(TestCatalog.Query(call.Query), call.Ids, 100));
        Assert.Subset(new HashSet<string> { Outcomes.Ok, Outcomes.Of(RecallErrorKind.DeadlineExceeded), Outcomes.Of(RecallErrorKind.Cancelled) }, outcomes);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }
}
