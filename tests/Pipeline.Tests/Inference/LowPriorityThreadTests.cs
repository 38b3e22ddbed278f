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
            Assert.Equal(Math.Max(callerNice, LowPriorityThread.Nice), nice);
        }
    }

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
