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

        var running = LowPriorityThread.Run(() => (LowPriorityThread.CurrentNice(), Environment.CurrentManagedThreadId, Thread.CurrentThread.Name), "test load", CancellationToken.None);
        var callerNiceAfterwards = LowPriorityThread.CurrentNice(); // read here: after the await another thread may continue
        var (nice, thread, name) = await running.DefaultTimeout();

        Assert.NotEqual(callerThread, thread);
        Assert.Equal("test load", name);
        Assert.Equal(callerNice, callerNiceAfterwards);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(LowPriorityThread.LoweredFrom(callerNice), nice);
        }
    }

    // A continuation queued from the lowered thread could make the thread pool start a worker there,
    // which would inherit the lowered priority for good (a pool thread at nice 10 failed this class once).
    [Fact]
    public async Task TheTask_IsCompletedFromAnotherThread_AtTheProcesssPriority()
    {
        var callerNice = LowPriorityThread.CurrentNice();
        var completing = (Thread: 0, Nice: int.MinValue);

        var workThread = await LowPriorityThread.Run(
            () => Environment.CurrentManagedThreadId,
            "test load",
            () => completing = (Environment.CurrentManagedThreadId, LowPriorityThread.CurrentNice()),
            CancellationToken.None).DefaultTimeout();

        Assert.NotEqual(workThread, completing.Thread);
        Assert.NotEqual(int.MinValue, completing.Nice);
        if (OperatingSystem.IsLinux())
        {
            Assert.True(completing.Nice <= callerNice, $"completed at nice {completing.Nice}, the caller runs at {callerNice}");
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
