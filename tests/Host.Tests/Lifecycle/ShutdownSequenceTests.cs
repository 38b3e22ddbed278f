using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RsPipeline.Host.Configuration;
using RsPipeline.Host.Lifecycle;
using RsPipeline.Pipeline;
using RsPipeline.Pipeline.Batching;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Lifecycle;

/// <summary>The shutdown sequence's order and clocks, on a real pipeline with a fake clock.</summary>
public sealed class ShutdownSequenceTests : IDisposable
{
    private static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new();
    private readonly PipelineFixture _fixture;
    private readonly CallIntake _intake = new();
    private readonly ApplicationLifetime _lifetime = new(NullLogger<ApplicationLifetime>.Instance);
    private readonly List<ServerPhase> _phases = [];
    private readonly ShutdownSequence _sequence;

    public ShutdownSequenceTests() : this(activate: true)
    {
    }

    private ShutdownSequenceTests(bool activate)
    {
        _fixture = new PipelineFixture(new BatchingOptions(), _time, activate: activate);
        var services = new ServiceCollection().AddSingleton(_fixture.Pipeline).BuildServiceProvider();
        var options = Options.Create(new RecallServerOptions { DrainDelay = DrainDelay, ShutdownTimeout = ShutdownTimeout });
        _sequence = new ShutdownSequence(services, _intake, options, _lifetime, _time, NullLogger<ShutdownSequence>.Instance);
        _sequence.PhaseChanged += phase =>
        {
            lock (_phases)
            {
                _phases.Add(phase);
            }
        };
        _sequence.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _sequence.Dispose();
        _fixture.Dispose();
    }

    [Fact]
    public async Task ToldToStop_NotReadyAtOnce_CallsAcceptedAndAnsweredUntilTheDrainDelayEnds()
    {
        _lifetime.StopApplication();
        var stopping = _sequence.StoppingAsync(CancellationToken.None);
        var atOnce = _sequence.Phase;
        var answeredAtOnce = await SubmitThroughIntakeAsync();
        _time.Advance(DrainDelay - TimeSpan.FromTicks(1));
        var justBefore = _sequence.Phase;
        var answeredJustBefore = await SubmitThroughIntakeAsync();

        _time.Advance(TimeSpan.FromTicks(1));
        await stopping.DefaultTimeout();

        Assert.Equal(ServerPhase.Withdrawing, atOnce);
        Assert.Equal(ServerPhase.Withdrawing, justBefore);
        Assert.Equal(5, answeredAtOnce.ItemIds.Count);
        Assert.Equal(5, answeredJustBefore.ItemIds.Count);
        Assert.Equal(ServerPhase.Closing, _sequence.Phase);
        Assert.False(_intake.TryEnter());
        Assert.Equal(PipelineState.Stopped, _fixture.Pipeline.State);
        Assert.Equal([ServerPhase.Withdrawing, ServerPhase.Closing], Phases());
    }

    [Fact]
    public async Task DrainDelay_CountsFromTheStopSignal_NotFromWhenTheHostGetsToTheSequence()
    {
        _lifetime.StopApplication();
        _time.Advance(TimeSpan.FromSeconds(2));

        var stopping = _sequence.StoppingAsync(CancellationToken.None);
        _time.Advance(DrainDelay - TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        var justBefore = stopping.IsCompleted;
        _time.Advance(TimeSpan.FromTicks(1));
        await stopping.DefaultTimeout();

        Assert.False(justBefore);
        Assert.Equal(ServerPhase.Closing, _sequence.Phase);
    }

    [Fact]
    public async Task StoppedDirectly_WithdrawsFirst_ThenWaitsTheDrainDelay()
    {
        var stopping = _sequence.StoppingAsync(CancellationToken.None);

        Assert.Equal(ServerPhase.Withdrawing, _sequence.Phase);
        Assert.False(stopping.IsCompleted);
        _time.Advance(DrainDelay);
        await stopping.DefaultTimeout();
        Assert.Equal(ServerPhase.Closing, _sequence.Phase);
    }

    [Fact]
    public async Task NeverServed_NoDrainDelay()
    {
        using var starting = new ShutdownSequenceTests(activate: false);

        await starting._sequence.StoppingAsync(CancellationToken.None).DefaultTimeout();

        Assert.Equal(ServerPhase.Closing, starting._sequence.Phase);
        Assert.Equal(PipelineState.Stopped, starting._fixture.Pipeline.State);
    }

    [Fact]
    public async Task CallsInside_FinishAfterIntakeStops_ThenThePipelineDrains()
    {
        _fixture.Scorer.Block();
        var inFlight = SubmitThroughIntakeAsync();
        await _fixture.Scorer.Entered.DefaultTimeout();
        var closed = WhenPhase(ServerPhase.Closing);

        var stopping = _sequence.StoppingAsync(CancellationToken.None);
        _time.Advance(DrainDelay);
        await closed.DefaultTimeout();
        var refused = _intake.TryEnter();
        var waitedForTheCall = !stopping.IsCompleted && _fixture.Pipeline.State == PipelineState.Serving;
        _fixture.Scorer.Release();
        var answer = await inFlight.DefaultTimeout();
        await stopping.DefaultTimeout();

        Assert.False(refused);
        Assert.True(waitedForTheCall);
        Assert.Equal(5, answer.ItemIds.Count);
        Assert.Equal(PipelineState.Stopped, _fixture.Pipeline.State);
    }

    [Fact]
    public async Task CallStillInsideAfterShutdownTimeout_StopsWithoutIt()
    {
        _fixture.Scorer.Block();
        var inFlight = SubmitThroughIntakeAsync();
        await _fixture.Scorer.Entered.DefaultTimeout();
        var closed = WhenPhase(ServerPhase.Closing);
        var stopping = _sequence.StoppingAsync(CancellationToken.None);
        _time.Advance(DrainDelay);
        await closed.DefaultTimeout();

        _time.Advance(ShutdownTimeout - TimeSpan.FromTicks(1));
        var justBefore = stopping.IsCompleted;
        _time.Advance(TimeSpan.FromTicks(1));
        await stopping.DefaultTimeout();

        Assert.False(justBefore);
        Assert.False(inFlight.IsCompleted);
        Assert.Equal(1, _intake.Inside);
        _fixture.Scorer.Release();
        await inFlight.DefaultTimeout();
    }

    // A call as the gRPC interceptor makes it: through the intake, into the pipeline, out of the intake.
    private async Task<RecallResult> SubmitThroughIntakeAsync()
    {
        Assert.True(_intake.TryEnter());
        try
        {
            return await _fixture.Pipeline.SubmitAsync(new RecallRequest { Features = new float[8], TopK = 5 });
        }
        finally
        {
            _intake.Exit();
        }
    }

    private Task WhenPhase(ServerPhase expected)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sequence.PhaseChanged += phase =>
        {
            if (phase == expected)
            {
                reached.TrySetResult();
            }
        };
        return reached.Task;
    }

    private ServerPhase[] Phases()
    {
        lock (_phases)
        {
            return [.. _phases];
        }
    }
}
