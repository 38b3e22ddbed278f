using System.Diagnostics;
using OpenTelemetry;
using RsPipeline.TestSupport;

namespace RsPipeline.Host.Tests.Infrastructure;

/// <summary>
/// An OpenTelemetry processor that keeps every ended span of one trace and lets a test wait until
/// the spans it expects have ended (other servers in the test process share the source names).
/// </summary>
public sealed class SpanWaiter(ActivityTraceId traceId) : BaseProcessor<Activity>
{
    private readonly Lock _gate = new();
    private readonly List<Activity> _ended = [];
    private readonly List<(Func<IReadOnlyList<Activity>, bool> Done, TaskCompletionSource Signal)> _waiters = [];

    /// <summary>Completes with the trace's spans once <paramref name="done"/> holds for them.</summary>
    public async Task<IReadOnlyList<Activity>> WaitAsync(Func<IReadOnlyList<Activity>, bool> done)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiters.Add((done, signal));
            Check();
        }

        await signal.Task.DefaultTimeout();
        lock (_gate)
        {
            return _ended.ToArray();
        }
    }

    public override void OnEnd(Activity data)
    {
        if (data.TraceId != traceId)
        {
            return;
        }

        lock (_gate)
        {
            _ended.Add(data);
            Check();
        }
    }

    private void Check()
    {
        foreach (var waiter in _waiters.ToArray())
        {
            if (waiter.Done(_ended))
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }
    }
}
