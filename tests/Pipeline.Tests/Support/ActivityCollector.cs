using System.Diagnostics;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests.Support;

/// <summary>
/// Records every activity of one <see cref="ActivitySource"/> instance (so tests running side by
/// side do not see each other's), sampling all of them, and lets a test wait until the spans it
/// expects have ended.
/// </summary>
public sealed class ActivityCollector : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Activity> _stopped = [];
    private readonly List<(Func<IReadOnlyList<Activity>, bool> Done, TaskCompletionSource Signal)> _waiters = [];
    private readonly ActivityListener _listener;

    public ActivityCollector(ActivitySource source)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = candidate => ReferenceEquals(candidate, source),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = OnStopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> Stopped
    {
        get
        {
            lock (_gate)
            {
                return _stopped.ToArray();
            }
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> spans named <paramref name="name"/> have ended.</summary>
    public async Task<IReadOnlyList<Activity>> WaitForAsync(string name, int count = 1)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiters.Add((stopped => stopped.Count(a => a.OperationName == name) >= count, signal));
            Check();
        }

        await signal.Task.DefaultTimeout();
        return Stopped.Where(a => a.OperationName == name).ToArray();
    }

    public void Dispose() => _listener.Dispose();

    private void OnStopped(Activity activity)
    {
        lock (_gate)
        {
            _stopped.Add(activity);
            Check();
        }
    }

    private void Check()
    {
        foreach (var waiter in _waiters.ToArray())
        {
            if (waiter.Done(_stopped))
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }
    }
}
