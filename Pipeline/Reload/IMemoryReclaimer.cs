namespace RsPipeline.Pipeline.Reload;

/// <summary>
/// Gives memory back to the operating system once a reload's previous scorer (and with it the
/// previous catalogue) has been released. Without it, the old catalogue's large arrays stay as dead
/// objects until a full collection happens to run, which a serving process with a small allocation
/// rate may not see for hours, and its memory stays committed.
/// </summary>
public interface IMemoryReclaimer
{
    /// <summary>Called once after each successful reload, once the previous scorer was disposed; the reload answers when it completes.</summary>
    Task ReclaimAsync();
}
