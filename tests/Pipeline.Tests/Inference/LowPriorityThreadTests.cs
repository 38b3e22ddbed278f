using RsPipeline.Pipeline.Inference;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests.Inference;

public class LowPriorityThreadTests
{
    [Fact]
    public async Task Work_RunsOnItsOwnThread_AtTheLowerPriority_AndTheCallerKeepsItsOwn()
    {
        var callerNice = LowPriorityThread.CurrentNice();
        var callerThread = Environment.CurrentManagedThreadId;

        var (nice, thread, name) = await LowPriorityThread.Run(() => (LowPriorityThread.CurrentNice(), Environment.CurrentManagedThreadId, Thread.CurrentThread.Name), "test load", CancellationToken.None).DefaultTimeout();

        Assert.NotEqual(callerThread, thread);
        Assert.Equal("test load", name);
        Assert.Equal(callerNice, LowPriorityThread.CurrentNice());
        if (OperatingSystem.IsLinux())
        {
            // Either lowered, or (where the system ignores the request, as one CI sandbox did once) left
            // at what it inherited: never raised, never some other value.
            Assert.Contains(nice, new[] { LowPriorityThread.LoweredFrom(callerNice), callerNice });
        }
    }

    [Fact]
    public async Task Lower_ReportsWhatTheThreadNowRunsAt()
    {
        var (applied, before, after) = await LowPriorityThread.Run(
            () =>
            {
                // A second lowering from the already lowered value: the report must match the readback.
                var nice = LowPriorityThread.CurrentNice();
                return (LowPriorityThread.Lower(), nice, LowPriorityThread.CurrentNice());
            },
            "test load",
            CancellationToken.None).DefaultTimeout();

        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(applied ? LowPriorityThread.LoweredFrom(before) : before, after);
        }
    }

    // A server started under `nice` (or a lower-priority cgroup's default) is never raised by it.
    [Theory]
    [InlineData(0, 10)]
    [InlineData(5, 15)]
    [InlineData(15, 19)]
    [InlineData(19, 19)]
    [InlineData(-5, 5)]
    public void TheLoweredNice_IsTenBelowWhatTheThreadInherited_AtMostNineteen(int inherited, int lowered) =>
        Assert.Equal(lowered, LowPriorityThread.LoweredFrom(inherited));

    [Fact]
    public async Task Failure_IsTheTasks()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => LowPriorityThread.Run<int>(() => throw new InvalidDataException("bad file"), "test load", CancellationToken.None)).DefaultTimeout();

        Assert.Equal("bad file", error.Message);
    }

    [Fact]
    public async Task CancelledBeforeItStarts_IsCancelled_AndTheWorkNotRun()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var ran = false;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LowPriorityThread.Run(() => ran = true, "test load", cancelled.Token)).DefaultTimeout();

        Assert.False(ran);
    }
}
