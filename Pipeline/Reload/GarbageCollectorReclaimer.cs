using Microsoft.Extensions.Logging;

namespace RsPipeline.Pipeline.Reload;

/// <summary>
/// Reclaims with one full, compacting collection in the garbage collector's aggressive mode, which
/// also compacts the large-object heap (where the catalogue's matrix and id array live) and
/// decommits the memory it frees. The packed copies the scorers make are native memory, freed by the
/// previous scorer's Dispose before this runs. It pauses serving for the collection (measured and
/// logged: event 505), once per reload.
/// </summary>
public sealed class GarbageCollectorReclaimer(ILogger<GarbageCollectorReclaimer> logger) : IMemoryReclaimer
{
    private const double BytesPerMegabyte = 1024 * 1024;

    /// <inheritdoc />
    public void Reclaim()
    {
        var committedBefore = GC.GetGCMemoryInfo().TotalCommittedBytes;
        var pausedBefore = GC.GetTotalPauseDuration();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var paused = GC.GetTotalPauseDuration() - pausedBefore;
        var committedAfter = GC.GetGCMemoryInfo().TotalCommittedBytes;
        ReloadLog.MemoryReclaimed(logger, committedBefore / BytesPerMegabyte, committedAfter / BytesPerMegabyte, paused.TotalMilliseconds);
    }
}
