using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RsPipeline.Pipeline.Batching;

/// <summary>
/// The batching settings in force: those validated at start, then followed live. A changed value is
/// validated here (the live edge) and swapped in atomically; an invalid one is logged and the last
/// good settings stay (YARP's ProxyConfigManager pattern). <see cref="Changed"/> tells the batch
/// queue to decide again under the new settings.
/// </summary>
public sealed class LiveBatchingSettings : IDisposable
{
    private readonly BatchingOptionsValidator _validator = new();
    private readonly ILogger<LiveBatchingSettings> _logger;
    private readonly IDisposable? _subscription;
    private BatchSettings _current;

    /// <summary>Starts from the monitor's current options (validated at start) and follows its changes.</summary>
    public LiveBatchingSettings(IOptionsMonitor<BatchingOptions> monitor, ILogger<LiveBatchingSettings> logger)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        _logger = logger;
        AtStart = monitor.CurrentValue;
        _current = BatchSettings.From(AtStart);
        _subscription = monitor.OnChange(Apply);
    }

    /// <summary>Raised after a valid change was swapped in.</summary>
    public event Action? Changed;

    /// <summary>The options at start (queue capacity and stage parallelism are read from here only).</summary>
    public BatchingOptions AtStart { get; }

    /// <summary>The settings for the next batch.</summary>
    public BatchSettings Current => Volatile.Read(ref _current);

    /// <inheritdoc />
    public void Dispose() => _subscription?.Dispose();

    private void Apply(BatchingOptions changed)
    {
        var result = _validator.Validate(Options.DefaultName, changed);
        if (result.Failed)
        {
            BatchingLog.ReloadRejected(_logger, result.FailureMessage);
            return;
        }

        var settings = BatchSettings.From(changed);
        var previous = Interlocked.Exchange(ref _current, settings);
        if (previous != settings)
        {
            BatchingLog.SettingsChanged(_logger, settings.MaxBatchSize, settings.MaxBatchDelay.TotalMilliseconds, settings.Policy, settings.LatencyTarget.TotalMilliseconds, settings.LatencyTargetMargin.TotalMilliseconds);
            Changed?.Invoke();
        }

        if (changed.QueueCapacity != AtStart.QueueCapacity
            || changed.ParseParallelism != AtStart.ParseParallelism
            || changed.RespondParallelism != AtStart.RespondParallelism)
        {
            BatchingLog.RestartNeeded(_logger);
        }
    }
}
