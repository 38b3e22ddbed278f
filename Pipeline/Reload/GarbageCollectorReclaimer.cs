using Microsoft.Extensions.Logging;

namespace RsPipeline.Pipeline.Reload;

/// <summary>
/// Reclaims with one full, compacting collection in the collector's aggressive mode (which decommits
/// what it frees; the catalogue's matrix lives on the pinned-object heap, which is swept, not
/// compacted, so the serving catalogue is not copied: <c>CatalogMatrix</c>),
/// <see cref="SettleDelay"/> after the previous scorer's last batch was scored: the requests of that
/// batch are still being answered meanwhile and hold its catalogue until they are. The packed copies
/// the scorers make are native memory, already freed by the previous scorer's Dispose. A background
/// collection gave nothing back and a blocking one without compaction only part, for about the same
/// pause (perf/RELIABILITY.md). The pause and the managed heap's committed size before and after
/// are logged (event 505).
/// </summary>
public sealed class GarbageCollectorReclaimer(TimeProvider time, ILogger<GarbageCollectorReclaimer> logger) : IMemoryReclaimer
{
    /// <summary>How long the last requests scored by the previous scorer are given to be answered.</summary>
    internal static readonly TimeSpan SettleDelay = TimeSpan.FromSeconds(1);

    private const double BytesPerMegabyte = 1024 * 1024;

    /// <inheritdoc />
    public async Task ReclaimAsync()
    {
        await Task.Delay(SettleDelay, time).ConfigureAwait(false);
        var committedBefore = GC.GetGCMemoryInfo().TotalCommittedBytes;
        var pausedBefore = GC.GetTotalPauseDuration();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var paused = GC.GetTotalPauseDuration() - pausedBefore;
        var committedAfter = GC.GetGCMemoryInfo().TotalCommittedBytes;
        ReloadLog.MemoryReclaimed(logger, committedBefore / BytesPerMegabyte, committedAfter / BytesPerMegabyte, paused.TotalMilliseconds);
    }
}
