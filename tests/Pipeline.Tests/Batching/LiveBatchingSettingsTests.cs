using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RsPipeline.Pipeline.Batching;
using RsPipeline.TestSupport;

namespace RsPipeline.Pipeline.Tests.Batching;

public class LiveBatchingSettingsTests
{
    private static BatchingOptions Options(int maxBatchSize = 16, int delayMs = 2, BatchingPolicy policy = BatchingPolicy.EagerWhenIdle, int capacity = 100, int parse = 2, int respond = 2) =>
        new() { MaxBatchSize = maxBatchSize, MaxBatchDelay = TimeSpan.FromMilliseconds(delayMs), Policy = policy, QueueCapacity = capacity, ParseParallelism = parse, RespondParallelism = respond };

    private static (LiveBatchingSettings Live, TestOptionsMonitor<BatchingOptions> Monitor, FakeLogger<LiveBatchingSettings> Log, List<BatchSettings> Seen) Create(BatchingOptions atStart)
    {
        var monitor = new TestOptionsMonitor<BatchingOptions>(atStart);
        var log = new FakeLogger<LiveBatchingSettings>();
        var live = new LiveBatchingSettings(monitor, log);
        var seen = new List<BatchSettings>();
        live.Changed += () => seen.Add(live.Current);
        return (live, monitor, log, seen);
    }

    [Fact]
    public void AtStart_TheMonitorsValuesAreInForce()
    {
        var (live, _, log, _) = Create(Options(maxBatchSize: 7, delayMs: 3, policy: BatchingPolicy.FixedWindow, capacity: 50));
        using var _ = live;

        Assert.Equal(new BatchSettings(7, TimeSpan.FromMilliseconds(3), BatchingPolicy.FixedWindow), live.Current);
        Assert.Equal(50, live.AtStart.QueueCapacity);
        Assert.Equal(0, log.Collector.Count);
    }

    [Fact]
    public void AValidChange_IsSwappedIn_LoggedOnce_AndAnnounced()
    {
        var (live, monitor, log, seen) = Create(Options());
        using var _ = live;

        monitor.Set(Options(maxBatchSize: 32, delayMs: 5, policy: BatchingPolicy.FixedWindow));

        var expected = new BatchSettings(32, TimeSpan.FromMilliseconds(5), BatchingPolicy.FixedWindow);
        Assert.Equal(expected, live.Current);
        Assert.Equal([expected], seen);
        var record = Assert.Single(log.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Information, record.Level);
        Assert.Equal("BatchingSettingsChanged", record.Id.Name);
        Assert.Equal("Batching settings changed: MaxBatchSize 32, MaxBatchDelay 5 ms, Policy FixedWindow; the next batch uses them", record.Message);
    }

    [Fact]
    public void AnInvalidChange_IsRejectedWithItsReason_AndTheLastGoodSettingsStay()
    {
        var (live, monitor, log, seen) = Create(Options(maxBatchSize: 16));
        using var _ = live;

        monitor.Set(Options(maxBatchSize: 0));

        Assert.Equal(16, live.Current.MaxBatchSize);
        Assert.Empty(seen);
        var record = Assert.Single(log.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Equal("BatchingReloadRejected", record.Id.Name);
        Assert.Contains("Batching:MaxBatchSize must be at least 1, was 0", record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnchangedLivePart_IsNeitherLoggedNorAnnounced()
    {
        var (live, monitor, log, seen) = Create(Options());
        using var _ = live;

        monitor.Set(Options());

        Assert.Empty(seen);
        Assert.Equal(0, log.Collector.Count);
    }

    [Theory]
    [InlineData(200, 2, 2)]
    [InlineData(100, 3, 2)]
    [InlineData(100, 2, 3)]
    public void AChangeOfAStartOnlyKey_SaysARestartIsNeeded_AndChangesNothingLive(int capacity, int parse, int respond)
    {
        var (live, monitor, log, seen) = Create(Options());
        using var _ = live;

        monitor.Set(Options(capacity: capacity, parse: parse, respond: respond));

        Assert.Empty(seen);
        Assert.Equal(100, live.AtStart.QueueCapacity);
        var record = Assert.Single(log.Collector.GetSnapshot());
        Assert.Equal(("BatchingRestartNeeded", LogLevel.Warning), (record.Id.Name, record.Level));
    }

    [Fact]
    public void AfterDispose_ChangesAreNoLongerFollowed()
    {
        var (live, monitor, _, seen) = Create(Options());

        live.Dispose();
        monitor.Set(Options(maxBatchSize: 4));

        Assert.Empty(seen);
        Assert.Equal(16, live.Current.MaxBatchSize);
    }
}
