using Microsoft.Extensions.Logging;
using RsPipeline.Pipeline.Telemetry;

namespace RsPipeline.Pipeline;

/// <summary>
/// What is inside the pipeline: at most <see cref="Capacity"/> admitted requests at once (each gives
/// its slot back when it leaves the graph), and how each one ended, recorded once.
/// </summary>
internal sealed class Admission(int capacity, RecallInstrumentation instrumentation, ILogger logger)
{
    private int _inside;

    /// <summary>Most requests inside at once (Batching:QueueCapacity).</summary>
    public int Capacity => capacity;

    /// <summary>Requests admitted and not yet out of the graph.</summary>
    public int Inside => Volatile.Read(ref _inside);

    /// <summary>Takes a slot if one is free.</summary>
    /// <remarks>
    /// A compare-and-swap rather than increment-then-undo, so the count (and the queue-depth gauge)
    /// never reads above capacity, not even for an instant.
    /// </remarks>
    public bool TryEnter()
    {
        var inside = Volatile.Read(ref _inside);
        while (inside < capacity)
        {
            var seen = Interlocked.CompareExchange(ref _inside, inside + 1, inside);
            if (seen == inside)
            {
                return true;
            }

            inside = seen;
        }

        return false;
    }

    /// <summary>A request left the graph: its slot is free.</summary>
    public void Left() => Interlocked.Decrement(ref _inside);

    /// <summary>A request has its answer or its error.</summary>
    /// <remarks>
    /// Telemetry listeners are other people's code: one that throws must not break completion or
    /// admission accounting (this also runs inside the caller's CancellationTokenSource.Cancel).
    /// </remarks>
    public void Completed(RecallWorkItem item, RecallException? error)
    {
        try
        {
            instrumentation.Completed(item, error);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            PipelineLog.TelemetryFailed(logger, ex);
        }
    }
}
