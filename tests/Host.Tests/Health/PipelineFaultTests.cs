using RsPipeline.Host.Health;
using RsPipeline.Pipeline;
using RsPipeline.Pipeline.Batching;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Health;

public sealed class PipelineFaultTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LoadingOrServing_NoFault(bool serving)
    {
        using var fixture = new PipelineFixture(new BatchingOptions(), activate: serving);

        Assert.Null(new PipelineFault(() => Task.CompletedTask, fixture.Pipeline).Reason);
    }

    [Fact]
    public void StartupLoadFailed_Faulted_SayingWhy()
    {
        using var fixture = new PipelineFixture(new BatchingOptions(), activate: false);
        var loading = Task.FromException(new InvalidDataException("items.npy: not a NumPy file"));

        var reason = new PipelineFault(() => loading, fixture.Pipeline).Reason;

        Assert.Equal("the catalogue failed to load at start-up: items.npy: not a NumPy file", reason);
    }

    [Fact]
    public async Task Drained_NoFault()
    {
        using var fixture = new PipelineFixture(new BatchingOptions());

        await fixture.Pipeline.DrainAsync(CancellationToken.None).DefaultTimeout();

        Assert.Equal(PipelineState.Stopped, fixture.Pipeline.State);
        Assert.Null(new PipelineFault(() => Task.CompletedTask, fixture.Pipeline).Reason);
    }

    [Fact]
    public async Task InferenceLoopEndedWhileServing_Faulted()
    {
        using var fixture = new PipelineFixture(new BatchingOptions());

        fixture.Pipeline.Dispose();
        await fixture.Pipeline.InferenceLoop.DefaultTimeout();

        Assert.Equal(PipelineState.Serving, fixture.Pipeline.State);
        Assert.Equal("the inference loop ended without a drain", new PipelineFault(() => Task.CompletedTask, fixture.Pipeline).Reason);
    }
}
