using System.Diagnostics;

namespace RsPipeline.Pipeline.Telemetry;

/// <summary>
/// Starts and stops activities without changing <see cref="Activity.Current"/> for the code
/// around: a request span starts on the caller's thread and stops on a Dataflow thread, and
/// Activity.Start/Stop would otherwise leave it (or the caller's span) current on both.
/// </summary>
internal static class DetachedActivity
{
    /// <summary>
    /// Creates and starts an activity under <paramref name="parent"/> at <paramref name="startUtc"/>;
    /// null when nobody samples it. A default <paramref name="parent"/> makes a root span, whatever is current.
    /// </summary>
    public static Activity? Start(ActivitySource source, string name, ActivityKind kind, ActivityContext parent, DateTime startUtc, IEnumerable<ActivityLink>? links = null)
    {
        var previous = Activity.Current;
        if (parent == default && previous is not null)
        {
            // CreateActivity takes Activity.Current as the parent when none is given.
            Activity.Current = null;
        }

        try
        {
            var activity = source.CreateActivity(name, kind, parent, links: links);
            if (activity is not null)
            {
                activity.SetStartTime(startUtc);
                activity.Start();
            }

            return activity;
        }
        finally
        {
            // Even when a listener throws, the caller's Activity.Current is left as found.
            Restore(previous);
        }
    }

    /// <summary>Ends <paramref name="activity"/> at <paramref name="endUtc"/>.</summary>
    public static void Stop(Activity activity, DateTime endUtc)
    {
        var previous = Activity.Current;
        activity.SetEndTime(endUtc);
        activity.Stop();
        Restore(previous);
    }

    /// <summary>A finished child span of <paramref name="parent"/> from <paramref name="startUtc"/> to <paramref name="endUtc"/>.</summary>
    public static void Record(ActivitySource source, string name, Activity parent, DateTime startUtc, DateTime endUtc)
    {
        if (Start(source, name, ActivityKind.Internal, parent.Context, startUtc) is { } child)
        {
            Stop(child, endUtc);
        }
    }

    private static void Restore(Activity? previous)
    {
        if (!ReferenceEquals(Activity.Current, previous))
        {
            // Activity.Current refuses a stopped activity; then none is better than one not ours.
            Activity.Current = previous is { IsStopped: false } ? previous : null;
        }
    }
}
