using System.Runtime.InteropServices;

namespace RsPipeline.Pipeline.Inference;

/// <summary>
/// Runs a long piece of background work (a reload's catalogue load: reading or generating, checking
/// and hashing a matrix of hundreds of megabytes) on a dedicated thread of lower scheduling priority,
/// so that while it runs the serving threads keep the cores they need and it takes what they leave.
/// On Linux the thread's nice value is raised by <see cref="Nice"/> above what it inherited (a thread's own, inherited by
/// threads it creates: so only work that creates no long-lived threads belongs here); elsewhere
/// <see cref="Thread.Priority"/> is lowered. The lowered thread never completes the task itself: a
/// continuation queued from it could make the thread pool start a worker there, which would inherit
/// the lowered priority and serve at it for good (seen: a pool thread at nice 10 in the tests). It
/// sets an event; the thread pool's wait thread, started at the caller's priority, hands the outcome on.
/// </summary>
internal static partial class LowPriorityThread
{
    /// <summary>
    /// How far the thread's Linux nice value goes above the inherited one: against serving threads at
    /// 0 it gets about a tenth of a contended core (CFS weights 110 and 1,024), and all of an idle one.
    /// </summary>
    internal const int Nice = 10;

    private const int MaxNice = 19;

    private const int PriorityOfProcess = 0; // PRIO_PROCESS: with a thread id, that one thread

    /// <summary>Runs <paramref name="work"/> on a new low-priority thread named <paramref name="name"/>; its result, failure or cancellation is the task's.</summary>
    public static Task<T> Run<T>(Func<T> work, string name, CancellationToken cancellationToken) =>
        Run(work, name, onCompleting: null, cancellationToken);

    /// <summary>
    /// As <see cref="Run{T}(Func{T}, string, CancellationToken)"/>; <paramref name="onCompleting"/> runs
    /// on the thread that completes the task, just before it does (tests observe that thread).
    /// </summary>
    internal static Task<T> Run<T>(Func<T> work, string name, Action? onCompleting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var run = new LoweredRun<T>(work, onCompleting, cancellationToken);
        run.Start(name);
        return run.Task;
    }

    /// <summary>The calling thread's nice value on Linux (0 elsewhere).</summary>
    internal static int CurrentNice()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        // /proc/thread-self/stat: field 19 is the nice value; the name (field 2) may hold spaces, so count after its ')'.
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Lowers the calling thread's priority; true when the thread now runs at the lowered nice value
    /// (read back, not assumed from the call's result). Best effort: should the system refuse or ignore
    /// the call (a sandbox may), the work runs at the priority it inherited, as it would without this class.
    /// Relative to what the thread inherited: a server started under `nice` must not have this thread raised.
    /// </summary>
    internal static bool Lower()
    {
        if (!OperatingSystem.IsLinux())
        {
            Thread.CurrentThread.Priority = ThreadPriority.Lowest;
            return true;
        }

        var target = LoweredFrom(CurrentNice());
        _ = SetPriority(PriorityOfProcess, GetThreadId(), target);
        return CurrentNice() == target;
    }

    /// <summary>The nice value <see cref="Nice"/> steps below <paramref name="inherited"/>, at most 19 (Linux's lowest).</summary>
    internal static int LoweredFrom(int inherited) => Math.Min(MaxNice, inherited + Nice);

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();
}
