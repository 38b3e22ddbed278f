using RsPipeline.Pipeline.Batching;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests;

/// <summary>Draining more than once (the server's shutdown sequence, then the hosted service) is harmless.</summary>
public class RecallPipelineDrainTests
{
    [Fact]
    public async Task DrainAgain_AfterStopped_StaysStopped()
    {
        using var fixture = new PipelineFixture(new BatchingOptions());
        await fixture.Pipeline.DrainAsync(CancellationToken.None).DefaultTimeout();

        await fixture.Pipeline.DrainAsync(CancellationToken.None).DefaultTimeout();

        Assert.Equal(PipelineState.Stopped, fixture.Pipeline.State);
    }

    [Fact]
    public async Task TwoDrainsAtOnce_BothWaitForTheRequestInside()
    {
        using var fixture = new PipelineFixture(new BatchingOptions());
        fixture.Scorer.Block();
        var inside = fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], TopK = 3 });
        await fixture.Scorer.Entered.DefaultTimeout();

        var first = fixture.Pipeline.DrainAsync(CancellationToken.None);
        var second = fixture.Pipeline.DrainAsync(CancellationToken.None);
        var waited = !first.IsCompleted && !second.IsCompleted;
        fixture.Scorer.Release();
        await Task.WhenAll(first, second).DefaultTimeout();

        Assert.True(waited);
        Assert.Equal(3, (await inside.DefaultTimeout()).ItemIds.Count);
        Assert.Equal(PipelineState.Stopped, fixture.Pipeline.State);
    }
}
