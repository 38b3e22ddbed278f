namespace RsPipeline.Host.Services;

/// <summary>
/// Lets one log entry through per interval and counts the ones held back, so that a failure that
/// repeats at any rate writes at most one line per interval (saying how many it stands for).
/// </summary>
internal sealed class LogThrottle(TimeProvider time, TimeSpan interval)
{
    private long _nextAllowed = long.MinValue;
    private long _heldBack;

    /// <summary>
    /// Whether to log this occurrence now; when true, <paramref name="heldBack"/> is how many were
    /// not logged since the last entry.
    /// </summary>
    public bool TryEnter(out long heldBack)
    {
        var now = time.GetTimestamp();
        var next = Interlocked.Read(ref _nextAllowed);
        if (now < next || Interlocked.CompareExchange(ref _nextAllowed, now + Ticks(interval), next) != next)
        {
            Interlocked.Increment(ref _heldBack);
            heldBack = 0;
            return false;
        }

        heldBack = Interlocked.Exchange(ref _heldBack, 0);
        return true;
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);
}
