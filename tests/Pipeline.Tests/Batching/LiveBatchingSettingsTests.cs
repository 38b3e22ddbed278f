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
        Assert.Equal("Batching settings changed: MaxBatchSize 32, MaxBatchDelay 5 ms, Policy FixedWindow, LatencyTarget 25 ms (margin 0 ms); the next batch uses them", record.Message);
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
    public void ALiveAndAStartOnlyChangeTogether_TheLivePartApplies_AndARestartIsStillNeeded()
    {
        var (live, monitor, log, seen) = Create(Options());
        using var _ = live;

        monitor.Set(Options(maxBatchSize: 8, respond: 4));

        Assert.Equal([8], seen.Select(s => s.MaxBatchSize));
        Assert.Equal(["BatchingSettingsChanged", "BatchingRestartNeeded"], log.Collector.GetSnapshot().Select(r => r.Id.Name));
        Assert.Equal("Batching:QueueCapacity, ParseParallelism and RespondParallelism are read at start only; the changed values apply after a restart", log.LatestRecord.Message);
    }

    [Fact]
    public void ARejectedChange_OfAStartOnlyKey_IsOnlyRejected()
    {
        var (live, monitor, log, seen) = Create(Options());
        using var _ = live;

        monitor.Set(Options(parse: 0));

        Assert.Empty(seen);
        var record = Assert.Single(log.Collector.GetSnapshot());
        Assert.Equal("BatchingReloadRejected", record.Id.Name);
        Assert.Equal("Changed batching settings rejected, the previous ones stay in force: Batching:ParseParallelism must be between 1 and 256, was 0", record.Message);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(256, 256, 256)]
    public void ParallelismAtItsBounds_AndTheSmallestCapacity_AreAccepted(int capacity, int parse, int respond)
    {
        var (live, monitor, log, _) = Create(Options());
        using var _ = live;

        monitor.Set(Options(maxBatchSize: 1, delayMs: 0, capacity: capacity, parse: parse, respond: respond));

        Assert.Equal(new BatchSettings(1, TimeSpan.Zero, BatchingPolicy.EagerWhenIdle), live.Current);
        Assert.DoesNotContain(log.Collector.GetSnapshot(), r => r.Id.Name == "BatchingReloadRejected");
    }

    [Fact]
    public void AChangedDelayOrPolicyAlone_IsAChange()
    {
        var (live, monitor, _, seen) = Create(Options());
        using var _ = live;

        monitor.Set(Options(delayMs: 3));
        monitor.Set(Options(delayMs: 3, policy: BatchingPolicy.FixedWindow));

        Assert.Equal([TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(3)], seen.Select(s => s.MaxBatchDelay));
        Assert.Equal([BatchingPolicy.EagerWhenIdle, BatchingPolicy.FixedWindow], seen.Select(s => s.Policy));
    }

    [Fact]
    public void APolicyAndTargetChange_IsSwappedInLive_AndLogged()
    {
        var (live, monitor, log, seen) = Create(Options());
        using var _ = live;

        var changed = Options(policy: BatchingPolicy.LatencySlo);
        changed.LatencyTarget = TimeSpan.FromMilliseconds(12);
        monitor.Set(changed);

        var expected = new BatchSettings(16, TimeSpan.FromMilliseconds(2), BatchingPolicy.LatencySlo) { LatencyTarget = TimeSpan.FromMilliseconds(12) };
        Assert.Equal([expected], seen);
        Assert.Equal(expected, live.Current);
        Assert.Equal("Batching settings changed: MaxBatchSize 16, MaxBatchDelay 2 ms, Policy LatencySlo, LatencyTarget 12 ms (margin 0 ms); the next batch uses them", Assert.Single(log.Collector.GetSnapshot()).Message);
    }

    [Fact]
    public void AnInvalidLatencyTarget_IsRejectedLive_AndThePreviousTargetStays()
    {
        var (live, monitor, log, seen) = Create(Options(policy: BatchingPolicy.LatencySlo));
        using var _ = live;

        var changed = Options(policy: BatchingPolicy.LatencySlo);
        changed.LatencyTarget = TimeSpan.Zero;
        monitor.Set(changed);

        Assert.Empty(seen);
        Assert.Equal(TimeSpan.FromMilliseconds(25), live.Current.LatencyTarget);
        var record = Assert.Single(log.Collector.GetSnapshot());
        Assert.Equal("Changed batching settings rejected, the previous ones stay in force: Batching:LatencyTarget must be more than 0 and at most 00:00:10, was 00:00:00", record.Message);
    }

    [Fact]
    public void AMarginChange_IsSwappedInLive_AndLogged()
    {
        var (live, monitor, log, seen) = Create(Options(policy: BatchingPolicy.LatencySlo));
        using var _ = live;

        var changed = Options(policy: BatchingPolicy.LatencySlo);
        changed.LatencyTargetMargin = TimeSpan.FromMilliseconds(4);
        monitor.Set(changed);

        Assert.Equal(TimeSpan.FromMilliseconds(4), Assert.Single(seen).LatencyTargetMargin);
        Assert.Equal(TimeSpan.FromMilliseconds(4), live.Current.LatencyTargetMargin);
        Assert.Equal("Batching settings changed: MaxBatchSize 16, MaxBatchDelay 2 ms, Policy LatencySlo, LatencyTarget 25 ms (margin 4 ms); the next batch uses them", Assert.Single(log.Collector.GetSnapshot()).Message);
    }

    [Fact]
    public void AMarginNotBelowTheTarget_IsRejectedLive_AndThePreviousMarginStays()
    {
        var (live, monitor, log, seen) = Create(Options(policy: BatchingPolicy.LatencySlo));
        using var _ = live;

        var changed = Options(policy: BatchingPolicy.LatencySlo);
        changed.LatencyTargetMargin = TimeSpan.FromMilliseconds(25);
        monitor.Set(changed);

        Assert.Empty(seen);
        Assert.Equal(TimeSpan.Zero, live.Current.LatencyTargetMargin);
        Assert.StartsWith("Changed batching settings rejected, the previous ones stay in force: Batching:LatencyTargetMargin must be at least 0 and less than", Assert.Single(log.Collector.GetSnapshot()).Message, StringComparison.Ordinal);
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
