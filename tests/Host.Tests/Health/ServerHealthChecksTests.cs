using Microsoft.Extensions.Diagnostics.HealthChecks;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Health;

/// <summary>The readiness and liveness checks as a Check call or an HTTP probe runs them, through the server's life.</summary>
public sealed class ServerHealthChecksTests
{
    [Fact]
    public async Task Loading_LiveNotReady()
    {
        await using var harness = new HealthHarness(activate: false);
        await harness.StartAsync();

        var report = await harness.CheckAsync();

        Assert.Equal((HealthStatus.Unhealthy, HealthStatus.Healthy), Verdict(report));
        Assert.Equal("the pipeline is Starting", report.Entries["readiness"].Description);
    }

    [Fact]
    public async Task Serving_LiveAndReady()
    {
        await using var harness = new HealthHarness();
        await harness.StartAsync();

        var report = await harness.CheckAsync();

        Assert.Equal((HealthStatus.Healthy, HealthStatus.Healthy), Verdict(report));
    }

    [Fact]
    public async Task Reloading_StaysLiveAndReady()
    {
        await using var harness = new HealthHarness();
        await harness.StartAsync();

        // A reload prepares beside the scorer serving and swaps it in between batches; nothing else changes.
        var previous = await harness.Fixture.Scorers.Replace(new NaiveScorer(TestCatalogs.Gaussian(40, 8, seed: 3))).DefaultTimeout();
        var report = await harness.CheckAsync();

        Assert.Same(harness.Fixture.Scorer, previous);
        Assert.Equal((HealthStatus.Healthy, HealthStatus.Healthy), Verdict(report));
    }

    [Fact]
    public async Task Stopping_ThroughTheDrain_LiveNotReady()
    {
        await using var harness = new HealthHarness();
        await harness.StartAsync();
        harness.Lifetime.StopApplication();
        var duringDelay = await harness.CheckAsync();

        var stopping = harness.Shutdown.StoppingAsync(CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        await stopping.DefaultTimeout();
        var drained = await harness.CheckAsync();

        Assert.Equal((HealthStatus.Unhealthy, HealthStatus.Healthy), Verdict(duringDelay));
        Assert.Equal((HealthStatus.Unhealthy, HealthStatus.Healthy), Verdict(drained));
        Assert.Equal("the server is stopping (Withdrawing)", duringDelay.Entries["readiness"].Description);
    }

    [Fact]
    public async Task InferenceLoopEndedWithoutADrain_NotLive()
    {
        await using var harness = new HealthHarness();
        await harness.StartAsync();

        harness.Fixture.Pipeline.Dispose();
        await harness.Fixture.Pipeline.InferenceLoop.DefaultTimeout();
        var report = await harness.CheckAsync();

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["liveness"].Status);
    }

    private static (HealthStatus Readiness, HealthStatus Liveness) Verdict(HealthReport report) =>
        (report.Entries["readiness"].Status, report.Entries["liveness"].Status);
}
