using Microsoft.Extensions.Options;
using RsPipeline.Host.Configuration;
using RsPipeline.Pipeline;

namespace RsPipeline.Host.Lifecycle;

/// <summary>
/// The server's way out, step by step; the one place that owns the order:
/// <list type="number">
/// <item>Told to stop (SIGTERM, Ctrl+C, StopApplication): readiness turns NOT_SERVING at once, calls are still accepted.</item>
/// <item>That lasts Server:DrainDelay, so that orchestrators take the endpoint out and clients stop
/// sending before any call is refused. No wait when the pipeline was not serving: nobody was sent here.</item>
/// <item>Intake stops (<see cref="CallIntake"/>): new calls are refused (UNAVAILABLE); the calls
/// inside finish, then the pipeline drains, all within Server:ShutdownTimeout (after that the
/// process stops without them).</item>
/// <item>The host stops the other services and Kestrel; the process exits 0.</item>
/// </list>
/// Steps 2 and 3 run in <see cref="StoppingAsync"/>, before any hosted service's StopAsync (the
/// pipeline service's own drain then finds the pipeline drained). The host's shutdown timeout is
/// DrainDelay + ShutdownTimeout (<see cref="LifecycleServiceCollectionExtensions"/>).
/// </summary>
internal sealed class ShutdownSequence(
    IServiceProvider services,
    CallIntake intake,
    IOptions<RecallServerOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ShutdownSequence> logger)
    : IHostedLifecycleService, IDisposable
{
    private readonly Lock _lock = new();
    private CancellationTokenRegistration _stopping;
    private RecallPipeline? _pipeline;
    private RecallServerOptions? _options;
    private ServerPhase _phase;
    private long _withdrawnTimestamp;
    private TimeSpan _drainDelay;

    /// <summary>Raised after <see cref="Phase"/> moves on, with the new phase.</summary>
    public event Action<ServerPhase>? PhaseChanged;

    /// <summary>Where the server is on its way out.</summary>
    public ServerPhase Phase
    {
        get
        {
            lock (_lock)
            {
                return _phase;
            }
        }
    }

    // Options and pipeline are read here, after options validation, so that every invalid setting is reported together.
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _options = options.Value;
        _pipeline = services.GetRequiredService<RecallPipeline>();
        _stopping = lifetime.ApplicationStopping.Register(Withdraw);
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        Withdraw();
        await WaitOutDrainDelayAsync(cancellationToken);
        await CloseAsync(cancellationToken);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _stopping.Dispose();

    // Step 1. Runs as soon as the host is told to stop (ApplicationStopping), and again, doing
    // nothing, from StoppingAsync; whichever comes first starts the drain delay's clock.
    private void Withdraw()
    {
        lock (_lock)
        {
            if (_phase != ServerPhase.Running)
            {
                return;
            }

            _phase = ServerPhase.Withdrawing;
            _withdrawnTimestamp = time.GetTimestamp();
            _drainDelay = _pipeline?.State == PipelineState.Serving && _options is { } settings ? settings.DrainDelay : TimeSpan.Zero;
        }

        LifecycleLog.Withdrawing(logger, _drainDelay);
        PhaseChanged?.Invoke(ServerPhase.Withdrawing);
    }

    // Step 2.
    private async Task WaitOutDrainDelayAsync(CancellationToken cancellationToken)
    {
        var remaining = _drainDelay - time.GetElapsedTime(_withdrawnTimestamp);
        if (remaining <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(remaining, time, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host gave up waiting (its timeout covers the delay, so only a caller's token does this): close now.
        }
    }

    // Step 3. The calls inside get ShutdownTimeout from the moment intake stops: first the calls
    // (in a handler, in the pipeline, a reload), then whatever the pipeline still holds.
    private async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (_pipeline is not { } pipeline || _options is not { } settings)
        {
            // Never started: no call was let in.
            _ = intake.Close();
            MoveTo(ServerPhase.Closing);
            return;
        }

        using var deadline = new CancellationTokenSource(settings.ShutdownTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var callsFinished = intake.Close();
        LifecycleLog.IntakeStopped(logger, intake.Inside, settings.ShutdownTimeout);
        MoveTo(ServerPhase.Closing);
        try
        {
            await callsFinished.WaitAsync(linked.Token);
            await pipeline.DrainAsync(linked.Token);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            LifecycleLog.DrainTimedOut(logger, intake.Inside, pipeline.InFlight, settings.ShutdownTimeout);
        }
    }

    private void MoveTo(ServerPhase phase)
    {
        lock (_lock)
        {
            _phase = phase;
        }

        PhaseChanged?.Invoke(phase);
    }
}
