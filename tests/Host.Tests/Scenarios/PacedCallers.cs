using System.Collections.Concurrent;

namespace RsPipeline.Host.Tests.Scenarios;

/// <summary>
/// The load of the short scenario tests: <c>callers</c> callers, each making one call per tick of
/// its own timer (a paced, low rate that a loaded CI machine still serves), until a caller's last
/// call says it should stop or the run is cancelled. Every call is recorded.
/// </summary>
public static class PacedCallers
{
    public static async Task<CallRecord[]> RunAsync(int callers, TimeSpan interval, Func<int, Task<CallRecord>> call, Func<CallRecord, bool> stopAfter, CancellationToken cancellationToken)
    {
        var records = new ConcurrentQueue<CallRecord>();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => CallerAsync(caller, interval, call, stopAfter, records, cancellationToken)));
        return [.. records];
    }

    private static async Task CallerAsync(int caller, TimeSpan interval, Func<int, Task<CallRecord>> call, Func<CallRecord, bool> stopAfter, ConcurrentQueue<CallRecord> records, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        for (var n = caller; await TickAsync(timer, cancellationToken); n += 1)
        {
            var record = await call(n);
            records.Enqueue(record);
            if (stopAfter(record))
            {
                return;
            }
        }
    }

    private static async Task<bool> TickAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
