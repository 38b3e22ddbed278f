using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace RsPipeline.Host.Tests.Otlp;

/// <summary>What an <see cref="OtlpReceiver"/> received, with a wait until it satisfies a condition (exports arrive on the exporter's schedule).</summary>
public sealed class OtlpStore
{
    private readonly Lock _gate = new();
    private readonly List<ResourceSpans> _spans = [];
    private readonly List<ResourceMetrics> _metrics = [];
    private readonly List<(Func<OtlpStore, bool> Done, TaskCompletionSource Signal)> _waiters = [];

    /// <summary>Every span received, with its resource.</summary>
    public IReadOnlyList<(OpenTelemetry.Proto.Resource.V1.Resource Resource, Span Span)> Spans
    {
        get
        {
            lock (_gate)
            {
                return _spans.SelectMany(r => r.ScopeSpans.SelectMany(s => s.Spans.Select(span => (r.Resource, span)))).ToArray();
            }
        }
    }

    /// <summary>Every metric received (one entry per export), with its resource.</summary>
    public IReadOnlyList<(OpenTelemetry.Proto.Resource.V1.Resource Resource, Metric Metric)> Metrics
    {
        get
        {
            lock (_gate)
            {
                return _metrics.SelectMany(r => r.ScopeMetrics.SelectMany(s => s.Metrics.Select(metric => (r.Resource, metric)))).ToArray();
            }
        }
    }

    /// <summary>Completes once <paramref name="done"/> holds for what has arrived.</summary>
    public Task WaitAsync(Func<OtlpStore, bool> done)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiters.Add((done, signal));
        }

        Check();
        return signal.Task;
    }

    internal void Add(IEnumerable<ResourceSpans> spans) => Add(() => _spans.AddRange(spans));

    internal void Add(IEnumerable<ResourceMetrics> metrics) => Add(() => _metrics.AddRange(metrics));

    private void Add(Action add)
    {
        lock (_gate)
        {
            add();
        }

        Check();
    }

    // Conditions read the store through its locked getters, so they run outside the lock.
    private void Check()
    {
        (Func<OtlpStore, bool> Done, TaskCompletionSource Signal)[] waiters;
        lock (_gate)
        {
            waiters = _waiters.ToArray();
        }

        foreach (var waiter in waiters.Where(w => w.Done(this)))
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }

            waiter.Signal.TrySetResult();
        }
    }
}
