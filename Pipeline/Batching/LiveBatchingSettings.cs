using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RsPipeline.Pipeline.Batching;

/// <summary>
/// The batching settings in force: validated at start (invalid settings stop start-up), then
/// followed live. A changed value is validated first and swapped in atomically; an invalid one is
/// logged and the last good settings stay (YARP's ProxyConfigManager pattern).
/// </summary>
public sealed class LiveBatchingSettings : IDisposable
{
    private readonly BatchingOptionsValidator _validator = new();
    private readonly ILogger<LiveBatchingSettings> _logger;
    private readonly IDisposable? _subscription;
    private BatchWindow _window;

    /// <summary>Validates the current options and starts following changes.</summary>
    /// <exception cref="OptionsValidationException">The options at start are invalid; the message lists every problem.</exception>
    public LiveBatchingSettings(IOptionsMonitor<BatchingOptions> monitor, ILogger<LiveBatchingSettings> logger)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        _logger = logger;
        var initial = monitor.CurrentValue;
        var result = _validator.Validate(Options.DefaultName, initial);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(BatchingOptions), result.Failures);
        }

        AtStart = initial;
        _window = BatchWindow.From(initial);
        _subscription = monitor.OnChange(Apply);
    }

    /// <summary>The options as validated at start (queue capacity and parallelism are read from here only).</summary>
    public BatchingOptions AtStart { get; }

    /// <summary>The window settings for the next batch.</summary>
    public BatchWindow Window => Volatile.Read(ref _window);

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

        var window = BatchWindow.From(changed);
        var previous = Interlocked.Exchange(ref _window, window);
        if (previous != window)
        {
            BatchingLog.WindowChanged(_logger, window.MaxBatchSize, window.MaxBatchDelay.TotalMilliseconds, window.Policy);
        }

        if (changed.QueueCapacity != AtStart.QueueCapacity
            || changed.ParseParallelism != AtStart.ParseParallelism
            || changed.RespondParallelism != AtStart.RespondParallelism)
        {
            BatchingLog.RestartNeeded(_logger);
        }
    }
}
