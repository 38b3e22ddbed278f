using System.Diagnostics;

namespace RsPipeline.Host.Tests.Infrastructure;

/// <summary>A guard on every awaited task so that a hang fails the test instead of the run.</summary>
public static class TaskExtensions
{
    public static TimeSpan DefaultTimeoutSpan => Debugger.IsAttached ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(30);

    public static Task DefaultTimeout(this Task task) => task.WaitAsync(DefaultTimeoutSpan);

    public static Task<T> DefaultTimeout<T>(this Task<T> task) => task.WaitAsync(DefaultTimeoutSpan);
}
