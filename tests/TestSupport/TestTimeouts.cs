using System.Diagnostics;

namespace RsPipeline.TestSupport;

/// <summary>A bound on every awaited task in the tests, so that a hang fails the test instead of the run (none under a debugger).</summary>
public static class TestTimeouts
{
    /// <summary>How long a test waits for anything.</summary>
    public static TimeSpan Default => Debugger.IsAttached ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(30);

    /// <summary><paramref name="task"/>, failing with <see cref="TimeoutException"/> after <see cref="Default"/>.</summary>
    public static Task<T> DefaultTimeout<T>(this Task<T> task) => task.WaitAsync(Default);

    /// <summary><paramref name="task"/>, failing with <see cref="TimeoutException"/> after <see cref="Default"/>.</summary>
    public static Task DefaultTimeout(this Task task) => task.WaitAsync(Default);
}
